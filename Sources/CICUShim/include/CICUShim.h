// CICUShim: the only code in Khabar that includes ICU's headers.
//
// The public header uses plain C types so that Swift modules can import it next to Foundation
// (whose own ICU copy would clash with the system headers). Offsets here are in UTF-16 code
// units, ICU's native unit; Swift callers convert them.
#ifndef KHABAR_CICU_SHIM_H
#define KHABAR_CICU_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// ICU's version as "major.minor", e.g. "72.1". Static storage.
const char *khabar_icu_version(void);

// MARK: Normalization (NFKC_Casefold)

/// Normalizes `src` (UTF-16, `length` units) with NFKC_Casefold into `dst` (capacity `capacity`).
/// Returns the output length, or -1 on error; when the result does not fit, returns the needed
/// length without writing past `capacity`.
int32_t khabar_nfkc_casefold(const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity);

/// Whether NFKC_Casefold has a boundary before code point `c` (it never combines with
/// what precedes it).
int32_t khabar_nfkc_casefold_boundary_before(uint32_t c);

/// Whether NFKC_Casefold leaves code point `c` unchanged and it never interacts with
/// neighbours (a boundary before and after it): ICU's cheap test, true for most code points.
int32_t khabar_nfkc_casefold_is_inert(uint32_t c);

// MARK: Normalization (NFKC), for display forms

/// Normalizes `src` (UTF-16, `length` units) with NFKC into `dst` (capacity `capacity`), with
/// the same return convention as `khabar_nfkc_casefold`.
int32_t khabar_nfkc(const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity);

/// 1 when NFKC may change text holding code point `c`: `c` alone is not NFKC (ﻋ, ﻻ, ﬁ), or it
/// may combine with what precedes it (U+0654 after و composes ؤ). 0 for most code points,
/// including the precomposed letters NFKC keeps (أ, ؤ, é).
int32_t khabar_nfkc_may_change(uint32_t c);

// MARK: Character properties

/// ICU's general category (UCharCategory) of `c`.
int32_t khabar_char_type(uint32_t c);
/// ICU's canonical combining class of `c`.
int32_t khabar_combining_class(uint32_t c);
/// 1 when `c` is White_Space.
int32_t khabar_is_white_space(uint32_t c);
/// ICU's Word_Break property value (UWordBreakValues) of `c`.
int32_t khabar_word_break(uint32_t c);
/// ICU's Sentence_Break property value (USentenceBreak) of `c`.
int32_t khabar_sentence_break(uint32_t c);
/// 1 when `c` is Extended_Pictographic.
int32_t khabar_is_extended_pictographic(uint32_t c);
/// ICU's script code (UScriptCode) of `c`.
int32_t khabar_script(uint32_t c);

// MARK: Break iteration

typedef struct khabar_breaker khabar_breaker;

enum { KHABAR_BREAK_WORD = 0, KHABAR_BREAK_SENTENCE = 1 };

/// Opens a word or sentence break iterator (root locale rules) over `text`, which must stay
/// alive and unchanged until `khabar_break_close`. Returns NULL on error.
khabar_breaker *khabar_break_open(int32_t kind, const uint16_t *text, int32_t length);
/// Points an open iterator at new text, reusing its compiled rules. Returns 0 on success.
int32_t khabar_break_set_text(khabar_breaker *breaker, const uint16_t *text, int32_t length);
/// The next boundary (UTF-16 offset) or -1 at the end.
int32_t khabar_break_next(khabar_breaker *breaker);
/// The rule status of the segment ending at the last boundary returned (UWordBreak values:
/// 0–99 none, 100–199 number, 200–299 letter, 300–399 kana, 400–499 ideographic).
int32_t khabar_break_rule_status(khabar_breaker *breaker);
void khabar_break_close(khabar_breaker *breaker);

// MARK: Locale data (CLDR), for the gazetteer generator

/// Number of ISO 3166 region codes ICU knows; `khabar_iso_country(i)` returns the i-th.
int32_t khabar_iso_country_count(void);
const char *khabar_iso_country(int32_t index);

/// The display name of `region` (ISO 3166 alpha-2) in `display_locale` into `dst`.
/// Returns the length in UTF-16 units, or -1 when ICU has no name (it then falls back to the code).
int32_t khabar_display_country(const char *region, const char *display_locale, uint16_t *dst,
                               int32_t capacity);

/// The canonical location time zone IDs of ISO region `region` (NULL for all regions), one at a
/// time: copies the i-th ID into `dst` (NUL-terminated) and returns its length, or -1 past the end.
int32_t khabar_time_zone_id(const char *region, int32_t index, char *dst, int32_t capacity);

/// The exemplar city of time zone `zone_id` (e.g. "Asia/Tehran") in `locale`, from CLDR's
/// zone strings, into `dst`. Returns the length in UTF-16 units, or -1 when CLDR has none for
/// that locale (no fallback to the root or the zone ID).
int32_t khabar_time_zone_exemplar_city(const char *zone_id, const char *locale, uint16_t *dst,
                                       int32_t capacity);

// MARK: Prefetch

/// Asks the processor to bring the cache line holding `address` in for a read soon (Swift has
/// no prefetch of its own). A hint only: it never faults, whatever the address.
static inline __attribute__((always_inline)) void khabar_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#ifdef __cplusplus
}
#endif

#endif
