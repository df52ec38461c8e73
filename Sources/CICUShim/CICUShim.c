#include "CICUShim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucal.h>
#include <unicode/uchar.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

const char *khabar_icu_version(void) {
  static char text[U_MAX_VERSION_STRING_LENGTH] = {0};
  if (text[0] == 0) {
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, text);
  }
  return text;
}

static const UNormalizer2 *nfkc_cf(void) {
  static const UNormalizer2 *instance = NULL;
  if (instance == NULL) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) return NULL;
    instance = n;
  }
  return instance;
}

/* `src` normalized by `n` into `dst`: its length (the length needed when over `capacity`), or
 * -1 when ICU fails. */
static int32_t normalize_with(const UNormalizer2 *n, const uint16_t *src, int32_t length, uint16_t *dst,
                              int32_t capacity) {
  if (n == NULL) return -1;
  UErrorCode status = U_ZERO_ERROR;
  int32_t out = unorm2_normalize(n, (const UChar *)src, length, (UChar *)dst, capacity, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) return out;
  if (U_FAILURE(status)) return -1;
  return out;
}

int32_t khabar_nfkc_casefold(const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity) {
  return normalize_with(nfkc_cf(), src, length, dst, capacity);
}

int32_t khabar_nfkc_casefold_boundary_before(uint32_t c) {
  const UNormalizer2 *n = nfkc_cf();
  if (n == NULL) return 1;
  return unorm2_hasBoundaryBefore(n, (UChar32)c) ? 1 : 0;
}

int32_t khabar_nfkc_casefold_is_inert(uint32_t c) {
  const UNormalizer2 *n = nfkc_cf();
  if (n == NULL) return 0;
  return unorm2_isInert(n, (UChar32)c) ? 1 : 0;
}

static const UNormalizer2 *nfkc(void) {
  static const UNormalizer2 *instance = NULL;
  if (instance == NULL) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) return NULL;
    instance = n;
  }
  return instance;
}

int32_t khabar_nfkc(const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity) {
  return normalize_with(nfkc(), src, length, dst, capacity);
}

int32_t khabar_nfkc_may_change(uint32_t c) {
  const UNormalizer2 *n = nfkc();
  if (n == NULL) return 0;
  if (!unorm2_hasBoundaryBefore(n, (UChar32)c)) return 1;
  UChar in[2];
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF32(in, 2, &length, (const UChar32 *)&c, 1, &status);
  if (U_FAILURE(status)) return 0;
  UChar out[32];
  status = U_ZERO_ERROR;
  int32_t outLength = unorm2_normalize(n, in, length, out, 32, &status);
  if (U_FAILURE(status)) return 1;
  return outLength != length || memcmp(in, out, (size_t)length * sizeof(UChar)) != 0;
}

int32_t khabar_char_type(uint32_t c) { return (int32_t)u_charType((UChar32)c); }
int32_t khabar_combining_class(uint32_t c) { return (int32_t)u_getCombiningClass((UChar32)c); }
int32_t khabar_is_white_space(uint32_t c) { return u_isUWhiteSpace((UChar32)c) ? 1 : 0; }
int32_t khabar_word_break(uint32_t c) {
  return u_getIntPropertyValue((UChar32)c, UCHAR_WORD_BREAK);
}
int32_t khabar_sentence_break(uint32_t c) {
  return u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
}
int32_t khabar_is_extended_pictographic(uint32_t c) {
  return u_hasBinaryProperty((UChar32)c, UCHAR_EXTENDED_PICTOGRAPHIC) ? 1 : 0;
}
int32_t khabar_script(uint32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode code = uscript_getScript((UChar32)c, &status);
  return U_FAILURE(status) ? -1 : (int32_t)code;
}

struct khabar_breaker {
  UBreakIterator *iterator;
};

khabar_breaker *khabar_break_open(int32_t kind, const uint16_t *text, int32_t length) {
  UErrorCode status = U_ZERO_ERROR;
  UBreakIteratorType type = kind == KHABAR_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD;
  UBreakIterator *it = ubrk_open(type, "", (const UChar *)text, length, &status);
  if (U_FAILURE(status) || it == NULL) return NULL;
  khabar_breaker *b = malloc(sizeof(khabar_breaker));
  if (b == NULL) {
    ubrk_close(it);
    return NULL;
  }
  b->iterator = it;
  return b;
}

int32_t khabar_break_set_text(khabar_breaker *breaker, const uint16_t *text, int32_t length) {
  UErrorCode status = U_ZERO_ERROR;
  ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
  if (U_FAILURE(status)) return -1;
  ubrk_first(breaker->iterator);
  return 0;
}

int32_t khabar_break_next(khabar_breaker *breaker) {
  int32_t next = ubrk_next(breaker->iterator);
  return next == UBRK_DONE ? -1 : next;
}

int32_t khabar_break_rule_status(khabar_breaker *breaker) {
  return ubrk_getRuleStatus(breaker->iterator);
}

void khabar_break_close(khabar_breaker *breaker) {
  if (breaker == NULL) return;
  ubrk_close(breaker->iterator);
  free(breaker);
}

int32_t khabar_iso_country_count(void) {
  const char *const *codes = uloc_getISOCountries();
  int32_t n = 0;
  while (codes[n] != NULL) n++;
  return n;
}

const char *khabar_iso_country(int32_t index) {
  if (index < 0 || index >= khabar_iso_country_count()) return NULL;
  return uloc_getISOCountries()[index];
}

int32_t khabar_display_country(const char *region, const char *display_locale, uint16_t *dst,
                               int32_t capacity) {
  char locale[32];
  snprintf(locale, sizeof locale, "und_%s", region);
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = uloc_getDisplayCountry(locale, display_locale, (UChar *)dst, capacity, &status);
  if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING) return -1;
  return n;
}

int32_t khabar_time_zone_id(const char *region, int32_t index, char *dst, int32_t capacity) {
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration *zones = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, region,
                                                       NULL, &status);
  if (U_FAILURE(status)) return -1;
  const char *id = NULL;
  int32_t len = 0;
  for (int32_t i = 0; i <= index; i++) {
    id = uenum_next(zones, &len, &status);
    if (id == NULL || U_FAILURE(status)) {
      uenum_close(zones);
      return -1;
    }
  }
  if (len + 1 > capacity) {
    uenum_close(zones);
    return -1;
  }
  memcpy(dst, id, (size_t)len);
  dst[len] = 0;
  uenum_close(zones);
  return len;
}

int32_t khabar_time_zone_exemplar_city(const char *zone_id, const char *locale, uint16_t *dst,
                                       int32_t capacity) {
  // CLDR keys zone strings by the ID with '/' replaced by ':'.
  char key[128];
  size_t n = strlen(zone_id);
  if (n + 1 > sizeof key) return -1;
  for (size_t i = 0; i <= n; i++) key[i] = zone_id[i] == '/' ? ':' : zone_id[i];
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle *bundle = ures_openDirect(U_ICUDATA_NAME "-zone", locale, &status);
  if (U_FAILURE(status)) return -1;
  UResourceBundle *strings = ures_getByKey(bundle, "zoneStrings", NULL, &status);
  UResourceBundle *zone = ures_getByKey(strings, key, NULL, &status);
  int32_t len = 0;
  const UChar *city = ures_getStringByKey(zone, "ec", &len, &status);
  int32_t result = -1;
  if (U_SUCCESS(status) && city != NULL && len <= capacity) {
    memcpy(dst, city, (size_t)len * sizeof(UChar));
    result = len;
  }
  ures_close(zone);
  ures_close(strings);
  ures_close(bundle);
  return result;
}
