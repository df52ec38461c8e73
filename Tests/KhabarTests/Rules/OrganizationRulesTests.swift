import Testing

@testable import Khabar

/// The bundled rules that find organizations by their head noun (Rules/10-organizations.rules).
@Suite struct OrganizationRulesTests {
  /// The organizations of `text` found by rules, as written.
  static func organizations(_ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter { $0.label == .organization }.map(\.text)
  }

  /// The organizations and places of `text` found by rules, as `LABEL text`.
  static func bodiesAndPlaces(_ text: String) throws -> [String] {
    try BundledRulesTests.entities(text).filter {
      $0.label == .organization || $0.label == .location
    }.map { "\($0.label.rawValue) \($0.text)" }
  }

  /// A head noun and its complement make one organization, whatever the complement is: a
  /// definite noun, a place, a name no list holds, an adjective, a ل complement.
  @Test(arguments: [
    ("أعلن نادي النصر تعاقده مع المدرب", "نادي النصر"),
    ("وقالت كلية الطب إن الدراسة تبدأ غدا", "كلية الطب"),
    ("ووقعت جمعية تحفيظ القرآن الكريم الاتفاق", "جمعية تحفيظ القرآن الكريم"),
    ("وزار الوفد جامعة جدة صباحا", "جامعة جدة"),
    ("ونظمت غرفة أبها معرضا للكتاب", "غرفة أبها"),
    ("واستحوذ بنك بيريوس على الحصة", "بنك بيريوس"),
    ("وقال الاتحاد السعودي لكرة القدم في بيان", "الاتحاد السعودي لكرة القدم"),
    ("ودعت السفارة الأمريكية رعاياها إلى الحذر", "السفارة الأمريكية"),
    ("وفاز مرشح الحزب الديمقراطي بالمقعد", "الحزب الديمقراطي"),
    // Named after a doctor: the honorific says a name follows.
    ("ونقل المصاب إلى مستشفى د. سليمان الحبيب في الرياض", "مستشفى د. سليمان الحبيب"),
    ("ووقع مستشفى الدكتور سليمان الحبيب الاتفاق", "مستشفى الدكتور سليمان الحبيب"),
    // A ل complement on a word the rule lexicon knows (ل + السياحة written للسياحة).
    (
      "وأعلنت الهيئة العامة للسياحة والتراث الوطني عن برنامج",
      "الهيئة العامة للسياحة والتراث الوطني"
    ),
    ("وقالت الشركة السعودية للكهرباء إن الانقطاع انتهى", "الشركة السعودية للكهرباء"),
    // A time or a purpose after ل is no complement.
    ("وفاز النادي الأهلي للمرة الثانية بالكأس", "النادي الأهلي"),
    // A government board by its ديوان.
    ("وأصدر ديوان المظالم حكما في القضية", "ديوان المظالم"),
    ("وقال بيان صادر عن الديوان الملكي إن الملك غادر", "الديوان الملكي"),
  ])
  func aHeadAndItsComplementAreOneOrganization(_ text: String, _ expected: String) throws {
    #expect(try Self.organizations(text).contains(expected))
  }

  /// A head in the dual and its two names joined by و are one organization, as written; the
  /// pair ends before what it does and before an adjective of someone else.
  @Test(arguments: [
    ("وكانت جامعتا الملك عبد العزيز وجدة وقعتا مع الوزارة", "جامعتا الملك عبد العزيز وجدة"),
    ("وقال مدير جامعتي أم القرى والملك عبدالعزيز المكلف إن", "جامعتي أم القرى والملك عبدالعزيز"),
    ("وأعلنت وزارتا التعليم والصحة الخطة", "وزارتا التعليم والصحة"),
    ("ووقعت الشركة عقدا مع وزارتي الدفاع والحرس الوطني أمس", "وزارتي الدفاع والحرس الوطني"),
    ("وتقدم ناديا الهلال والنصر بطلب إلى الاتحاد", "ناديا الهلال والنصر"),
    ("جامعتا الملك عبدالعزيز وجدة تدعمان البرنامج", "جامعتا الملك عبدالعزيز وجدة"),
  ])
  func aDualHeadAndItsTwoNamesAreOneOrganization(_ text: String, _ expected: String) throws {
    #expect(try Self.organizations(text).contains(expected))
  }

  /// The forces of a nation are an organization; القوات alone is none.
  @Test func theForcesOfANation() throws {
    #expect(try Self.organizations("وأعلنت القوات التركية مقتل جنديين") == ["القوات التركية"])
    #expect(try Self.organizations("وتقدمت القوات نحو المدينة") == [])
    // A country's name after القوات is the verb's object.
    #expect(try Self.organizations("ودخلت القوات سوريا فجر اليوم") == [])
  }

  /// Not a dual head: the given name ناديا, a name with a preposition (the pair then
  /// is not read), a second name that repeats the head (two organizations).
  @Test func whatIsNoDualHead() throws {
    // ناديا is also the given name Nadia: a club pair needs a definite first name.
    #expect(try Self.organizations("وتحدثت ناديا مراد وأمل علوان عن التجربة").isEmpty)
    #expect(
      try !Self.organizations("وقعت جامعتي الملك فيصل بالدمام وأم القرى الاتفاق").contains {
        $0.contains("بالدمام")
      })
    #expect(
      try !Self.organizations("وشاركت جامعتي أم القرى وجامعة الملك عبدالعزيز").contains {
        $0.hasPrefix("جامعتي")
      })
  }

  /// Heads that are as often ordinary words make no organization with an ordinary complement,
  /// and an indefinite adjective after a company is no name.
  @Test(arguments: [
    "وتحدثت غرفة العمليات عن حركة المرور في المدينة",
    "وستطرح شركة قابضة جديدة أسهمها",
    "ووضع الناخب الورقة في صندوق الاقتراع",
  ])
  func ordinaryWordsAfterAHeadAreNoOrganization(_ text: String) throws {
    #expect(try Self.organizations(text) == [])
  }

  /// A definite noun that is no adjective ends the name: in a verb-first clause it is as often
  /// the verb's object.
  @Test func theObjectOfTheVerbIsNotPartOfTheName() throws {
    #expect(
      try Self.organizations("وأصدرت الهيئة الوطنية البيان بعد الاجتماع") == ["الهيئة الوطنية"])
  }

  /// A university or hospital named after a king is an organization, and a verb after the
  /// name does not join it.
  @Test func anInstitutionNamedAfterAKingEndsAtTheVerb() throws {
    #expect(
      try Self.organizations("وأعلن مستشفى الملك فهد التخصصي تبلغ تكلفته مليون ريال")
        == ["مستشفى الملك فهد التخصصي"])
  }

  /// A name in quotes that someone told something, that is the source, or whose editor speaks
  /// is a body (a newspaper, an agency, a company).
  @Test(arguments: [
    ("وقال المتحدث الرسمي لـ«عكاظ» إن العمل مستمر", ["عكاظ"]),
    ("وأوضح مدير الإدارة، في تصريح، لـ\"سبق\" أن الحادث وقع أمس", ["سبق"]),
    ("وارتفعت الأسعار بحسب «رويترز» أمس", ["رويترز"]),
    ("وعلمت مصادر \"الاقتصادية\" أن اللاعب وقع", ["الاقتصادية"]),
    ("وقال رئيس تحرير «فاينانشيال تايمز» إن التقرير جاهز", ["فاينانشيال تايمز"]),
    ("ويؤكد الخبراء لـ«الوئام» أن الأسعار سترتفع", ["الوئام"]),
    ("وقال الوزير في تصريح خاص لـ«سبق» إن القرار نهائي", ["سبق"]),
    ("وعلمت «الاقتصادية» أن اللاعب وقع", ["الاقتصادية"]),
    ("وكشفت وثيقة حصلت عليها «عكاظ» تفاصيل المشروع", ["عكاظ"]),
    // A newspaper named like a place: the place is replaced.
    ("وقال المتحدث لـ«الرياض» إن العمل مستمر", ["الرياض"]),
  ])
  func aBodyToldSomethingInQuotes(_ text: String, _ expected: [String]) throws {
    #expect(try Self.organizations(text) == expected)
  }

  /// The ل of a clause a verb of telling introduces is the clause's; a name after a proclitic is
  /// not read apart from it; a ل with no verb of telling before it names no body.
  @Test(arguments: [
    "وقالت إن همها كان أن توجد لـ«ملك» روحا",
    "ووفقا لـ\"وام\" أفاد التقرير",
    "وأضاف أن الدعم يذهب لـ«المحتاجين» كل عام",
  ])
  func notABodyToldSomething(_ text: String) throws {
    #expect(try Self.organizations(text) == [])
  }

  /// A second complement joined by و belongs to the name: a definite noun, with its adjective, or
  /// a noun in construct.
  @Test(arguments: [
    ("ونظمت جمعية الثقافة والفنون أمسية شعرية", "جمعية الثقافة والفنون"),
    ("وأحالت القضية إلى هيئة التحقيق والادعاء العام أمس", "هيئة التحقيق والادعاء العام"),
    (
      "وتوقعت الرئاسة العامة للأرصاد وحماية البيئة هطول الأمطار",
      "الرئاسة العامة للأرصاد وحماية البيئة"
    ),
    ("وأعلنت هيئة الاتصالات وتقنية المعلومات النتائج", "هيئة الاتصالات وتقنية المعلومات"),
  ])
  func aSecondComplementJoinedByWaw(_ text: String, _ name: String) throws {
    #expect(try Self.organizations(text) == [name])
  }

  /// Two parties joined by و stay two: a known name, another body, a verb, people.
  @Test(arguments: [
    ("وقال حزب الله والنظام السوري إن", ["حزب الله"]),
    ("وفعّلت أمانة المنطقة ووزارة الإسكان البرنامج", ["أمانة المنطقة", "وزارة الإسكان"]),
    ("ويمكن لأعضاء هيئة التدريس والموظفين التسجيل", ["هيئة التدريس"]),
    ("وتؤهلها لدخول كلية الطب وستعمل الجامعة على ذلك", ["كلية الطب"]),
  ])
  func twoPartiesJoinedByWawStayTwo(_ text: String, _ expected: [String]) throws {
    #expect(try Self.organizations(text) == expected)
  }

  /// The quoted name after a dateline's place and dash is the agency or newspaper that filed the
  /// story; the region the gazetteer reads in «الشرق الأوسط» gives way to the newspaper.
  @Test(arguments: [
    ("* أثينا - «الشرق الأوسط»: أعلنت الحكومة خطتها", "الشرق الأوسط"),
    ("بيروت - «الحياة»: قال الوزير إن الحوار مستمر", "الحياة"),
    ("ميونيخ (ألمانيا) - «الحياة»: أعلن النادي تعاقده مع اللاعب", "الحياة"),
  ])
  func theQuotedSourceOfADateline(_ text: String, _ source: String) throws {
    let entities = try BundledRulesTests.entities(text)
    #expect(entities.filter { $0.label == .organization }.map(\.text) == [source])
    #expect(!entities.contains { $0.text == source && $0.label == .location })
  }

  /// A club named after its city is the club after the words of a team's people (مدرب روما), not
  /// after جمهور, and not in مسقط رأسه "his birthplace".
  @Test(arguments: [
    ("وقال مدرب روما إن الفريق جاهز", ["ORGANIZATION روما"]),
    ("وانضم مهاجم برشلونة إلى التدريبات", ["ORGANIZATION برشلونة"]),
    ("وحضر جمهور القاهرة الحفل", ["LOCATION القاهرة"]),
    ("وترك فريق مسقط رأسه مرسيليا", ["LOCATION مرسيليا"]),
  ])
  func aClubNamedLikeItsCity(_ text: String, _ expected: [String]) throws {
    #expect(try Self.bodiesAndPlaces(text).filter { $0 != "LOCATION مسقط" } == expected)
  }

  /// A national team named by its nationality or country is a body; "his country's team" and
  /// the team alone are not.
  @Test(arguments: [
    ("وفاز المنتخب السعودي على ضيفه", ["المنتخب السعودي"]),
    ("وقال مدرب المنتخب الأولمبي السعودي إن الفريق جاهز", ["المنتخب الأولمبي السعودي"]),
    ("وخسر منتخب البرازيل المباراة", ["منتخب البرازيل"]),
    ("وقال إن منتخب بلاده جاهز للمباراة", []),
    ("وعاد المنتخب إلى الرياض أمس", []),
  ])
  func aNationalTeamIsABody(_ text: String, _ expected: [String]) throws {
    #expect(try Self.organizations(text) == expected)
  }

  /// A medical city is a hospital, a body; a sports or economic city is a place.
  @Test(arguments: [
    (
      "ونقل المصاب إلى مدينة الملك عبدالله الطبية أمس",
      ["ORGANIZATION مدينة الملك عبدالله الطبية"]
    ),
    ("وزار الوفد مدينة محمد السادس الطبية", ["ORGANIZATION مدينة محمد السادس الطبية"]),
    ("وتقام المباراة في مدينة الملك عبدالله الرياضية", ["LOCATION مدينة الملك عبدالله الرياضية"]),
  ])
  func aMedicalCityIsABody(_ text: String, _ expected: [String]) throws {
    #expect(try Self.bodiesAndPlaces(text) == expected)
  }

  /// The emirate of a Saudi region is its governorate, a body; an emirate elsewhere is not.
  @Test(arguments: [
    ("وأعلنت إمارة منطقة مكة المكرمة عن خطة جديدة", ["إمارة منطقة مكة المكرمة"]),
    ("وقال متحدث باسم امارة المنطقة إن العمل بدأ", ["امارة المنطقة"]),
    ("واستقبل وكيل إمارة الباحة الوفد", ["إمارة الباحة"]),
    ("وسافر الوفد إلى إمارة دبي أمس", []),
    ("وأعلن التنظيم قيام إمارة إسلامية في المنطقة", []),
  ])
  func theEmirateOfASaudiRegion(_ text: String, _ expected: [String]) throws {
    #expect(try Self.organizations(text) == expected)
  }

  /// A dateline's bare source (سبق) and its place, where the dateline stands.
  ///
  /// At the head of the text or after the reporter's dash, and before the colon that ends it;
  /// the place after it where no gazetteer names it. Not the verb سبق "preceded", nor the
  /// agencies that stand where a place would.
  @Test(arguments: [
    ("سبق- الدمام: افتتح المحافظ معرضا للكتاب", ["ORGANIZATION سبق", "LOCATION الدمام"]),
    ("سعد الهاجري- سبق- تيماء: عثر مزارع على نقش قديم", ["ORGANIZATION سبق", "LOCATION تيماء"]),
    (
      "ماجد العمري – سبق – وادي الدواسر: هطلت أمطار غزيرة",
      ["ORGANIZATION سبق", "LOCATION وادي الدواسر"]
    ),
    ("فهد السالم- سبق: أعلنت البلدية خطتها", ["ORGANIZATION سبق"]),
    ("سبق- وكالات: قتل عشرة أشخاص في انفجار", ["ORGANIZATION سبق"]),
    // A reporter named after the source is no place.
    ("سبق- خالد الحربي: أعلنت البلدية خطتها", ["ORGANIZATION سبق"]),
    ("لم يسبق له السفر خارج المملكة", []),
    ("وارتفعت الأسعار عن العام الذي سبقه: 5 في المائة", []),
    ("وقال إنه سبق: أن حذر من ذلك", []),
  ])
  func theBareSourceOfADatelineAndItsPlace(_ text: String, _ expected: [String]) throws {
    #expect(try Self.bodiesAndPlaces(text) == expected)
  }

  /// The reporter named before a dateline's source is a person (person.dateline-reporter): two
  /// or three words where the line opens or after a slash; not two reporters joined by و, nor
  /// the same words before a dash that no dateline's source follows.
  @Test func theReporterOfADateline() throws {
    func people(_ text: String) throws -> [String] {
      try BundledRulesTests.entities(text).filter { $0.label == .person }.map(\.text)
    }
    #expect(try people("عافت الزويد- سبق- الهباس: عثر رعاة على بئر قديمة") == ["عافت الزويد"])
    #expect(
      try people("أجرى الحوار/ شقران الرشيدي- سبق- الرياض: بدأ اللقاء مبكرا") == ["شقران الرشيدي"])
    #expect(try people("عافت الزويد - سبق: أعلنت البلدية خطتها") == ["عافت الزويد"])
    #expect(
      !(try people("عافت الزويد ومهنا التميمي- سبق- الجوف: هطلت أمطار")).contains {
        $0.contains("الزويد ومهنا")
      })
    #expect(try people("عافت الزويد- وهو شاهد- إن الحادث وقع") == [])
  }

  /// A body named after a person, read once the people are known; his office is not his body.
  @Test(arguments: [
    ("يشار إلى أن مجموعة محمد المعجل أبرمت عقدا", ["مجموعة محمد المعجل"]),
    (
      "وحددت مؤسسة عبدالعزيز سعود البابطين الثقافية يوما",
      ["مؤسسة عبدالعزيز سعود البابطين الثقافية"]
    ),
    ("وأعاده إلى مكتب الدكتور فهد العتيبي أمس", []),
  ])
  func aBodyNamedAfterAPerson(_ text: String, _ expected: [String]) throws {
    #expect(try Self.organizations(text) == expected)
  }

  /// A newspaper named like a place is written in quotes or braces, whatever verb comes before;
  /// the region with an adjective after the quotes is a notion, and a complement with a proclitic
  /// is no part of a name (a hospital in Riyadh is no hospital named Riyadh).
  @Test(arguments: [
    ("وحسب مصادر لـ«الشرق الأوسط»، فإن الاجتماع تأجل", ["ORGANIZATION الشرق الأوسط"]),
    ("وفي حوار أجرته معه {الشرق الأوسط} قال إن", ["ORGANIZATION الشرق الأوسط"]),
    ("وأضاف الأهالي لـ«المدينة» أن الحوادث كثرت", ["ORGANIZATION المدينة"]),
    ("وتحدث عن «الشرق الأوسط» الجديد", ["LOCATION الشرق الأوسط"]),
    ("وعملت موظفة بمستشفى خاص بالرياض", ["LOCATION الرياض"]),
  ])
  func aPaperNamedLikeAPlace(_ text: String, _ expected: [String]) throws {
    #expect(try Self.bodiesAndPlaces(text) == expected)
  }

  /// Not after a word: there a dash and a quoted name are an aside or an item of a list.
  @Test func aQuotedNameAfterADashInASentenceIsNoSource() throws {
    let entities = try BundledRulesTests.entities("وتحدث عن مستقبل سوريا - «الشرق الأوسط» الجديد")
    #expect(entities.filter { $0.label == .organization } == [])
    #expect(entities.contains { $0.text == "الشرق الأوسط" && $0.label == .location })
  }
}
