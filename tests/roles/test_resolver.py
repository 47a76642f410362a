"""Resolving what people type into roles, on the whole catalogue: curated roles and imported occupations."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.roles.occupations import CatalogueFiles, load_catalogue
from bot.roles.repository import RoleReader
from bot.roles.resolver import MAX_OPTIONS, RoleNameIndex, is_typing_slip
from bot.training.checks import index_from_catalogue


@pytest.fixture
def index(catalogue_reader: RoleReader) -> RoleNameIndex:
    return catalogue_reader.index


@pytest.fixture(scope="module")
def data_only() -> RoleNameIndex:
    """The whole catalogue without the reviewed table of usual meanings: what O*NET and the survey say alone."""
    return index_from_catalogue(load_catalogue(replace(CatalogueFiles(), usual=None)).entries)


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("coo", "coo"),
        ("COO", "coo"),
        ("C.O.O.", "coo"),
        ("chief operating officer", "coo"),
        ("Chief Operating Officers", "coo"),
        ("cheif operating oficer", "coo"),
        ("the COO's", "coo"),
        ("coo role", "coo"),
        ("CEO", "ceo"),
        ("chief people officer", "chro"),
        ("chief financial oficer", "cfo"),
        ("programmer", "software-engineer"),
        ("sales reps", "sales-representative"),
        ("HR manager", "hr-manager"),
        ("human resources manager", "hr-manager"),
        ("data scientists", "data-scientist"),
        ("sofware engineer", "software-engineer"),
        ("recruiters", "recruiter"),
        ("marketing director", "marketing-manager"),  # an O*NET title of the occupation it covers
        # Imported occupations, by their own titles and the names people use.
        ("dental hygienist", "dental-hygienist"),
        ("Dental Hygienists", "dental-hygienist"),
        ("RDH", "dental-hygienist"),
        ("forklift operator", "industrial-truck-or-tractor-operator"),
        ("welders", "welder-cutter-solderer-or-brazer"),
        ("electrician", "electrician"),
        ("registered nurses", "registered-nurse"),
        ("critical care nurse", "critical-care-nurse"),
        ("nurse", "registered-nurse"),  # its specialisations share the name: the general occupation stands
        ("RNs", "registered-nurse"),
        ("waitresses", "waiter-or-waitress"),
        ("kindergarten teacher", "kindergarten-teacher-except-special-education"),
        ("Branch Manager", "financial-manager-11-3031-00"),  # featured in My Next Move; "financial manager"
        # itself is a curated alias of the Finance Manager, which wins the name, so the occupation's slug has its code
        ("Production Manager", "industrial-production-manager"),
        ("Air Traffic Controller", "air-traffic-controller"),
        ("Patrol Officer", "police-or-sheriff-patrol-officer"),
        ("Training and Development Manager", "training-and-development-manager"),
        ("Board Certified Family Physician", "family-medicine-physician"),
        ("dental hygenist", "dental-hygienist"),
        # Job-posting clutter around a known title.
        ("Sr. Accountant II - Remote", "accountant"),
        ("Registered Nurse - ICU nights", "registered-nurse"),
        ("Asst Principal - Middle School", "kindergarten-through-secondary-education-administrator"),  # a rank
        # word that ends a title is its head noun
        ("forklift operator 2nd shift", "industrial-truck-or-tractor-operator"),
        ("barista weekends melbourne", "barista"),  # words no name uses after a known name are no part of it
        ("Forklift Operator - 2nd Shift ($19/hr)", "industrial-truck-or-tractor-operator"),
        ("Electrician - Commercial Projects (m/f/d)", "electrician"),
        ("Lead Carpenter | Immediate Start", "carpenter"),
        ("Urgent - Welder", "welder-cutter-solderer-or-brazer"),  # the first segment is only clutter
        ("Team Member - Barista", "barista"),  # the first says too little; a later one names the job
        ("911 Dispatcher Trainee", "public-safety-telecommunicator"),  # a figure may be part of the name
        ("Firefighter/EMT", "firefighter"),
        ("Summer Lifeguard - Community Pool", "lifeguard-ski-patroller-or-other-recreational-protective-service-w"),
        ("Winter Groundskeeper", "landscaping-or-groundskeeping-worker"),  # a season is the posting's, not the job's
        ("Apprentice Bricklayer - Residential", "brickmason-or-blockmason"),  # SOC codes apprentices with their trade
        ("Electrician Apprentice", "electrician-helper"),  # but a name O*NET gives is tried first
        # Job boards' short forms of words.
        ("Eligibility Spec II - SNAP", "government-program-eligibility-interviewer"),
        ("Mfg Engineer", "manufacturing-engineer"),
        ("Mktg Dir", "marketing-manager"),
        ("Para - Elementary School", "preschool-elementary-middle-or-secondary-school-teaching-assistant"),
        # British spellings, as O*NET writes them in American.
        ("Academic Adviser", "educational-guidance-or-career-counselor-or-advisor"),
        ("Fibre Splicer", "telecommunications-line-installer-or-repairer"),
        # Names used outside the United States (names_abroad.yml).
        ("lorry driver", "heavy-or-tractor-trailer-truck-driver"),
        ("Kitchen Porter - Hotel, Live-in", "dishwasher"),
        ("supply teacher", "short-term-substitute-teacher"),
    ],
)
def test_mentions_resolve_to_one_role(index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None, resolution
    assert resolution.role.slug == slug


@pytest.mark.parametrize(
    "typed, not_slug",
    [
        ("Branch Manager", "brand-manager"),
        ("Production Manager", "product-manager"),
        ("Air Traffic Controller", "financial-controller"),
        ("Patrol Officer", "payroll-specialist"),
        ("Training and Development Manager", "engineering-manager"),
        ("Board Certified Family Physician", "board-of-directors"),
        ("Casino Shift Manager (CSM)", "customer-success-manager"),
        ("Sales and Marketing Vice President", "president"),
        ("Production Supervisor", "product-manager"),
        ("Truck Driver - CDL A - OTR", "occupational-therapist"),  # OTR: over the road, a requirement
        ("OB/GYN Sonographer", "obstetrician-or-gynecologist"),  # the slash joins words of one title
        ("Support Worker - Learning Disabilities", "office-manager"),  # "...of Office and Administrative
        # Support Workers" is about their supervisors
    ],
)
def test_a_title_is_never_answered_with_a_role_that_merely_looks_like_it(
        index: RoleNameIndex, typed: str, not_slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is None or resolution.role.slug != not_slug, resolution
    assert not_slug not in {c.slug for c in resolution.candidates}


def test_shared_abbreviation_is_ambiguous(index: RoleNameIndex) -> None:
    resolution = index.resolve("CPO")

    assert resolution.role is None and resolution.ambiguous
    assert {c.slug for c in resolution.candidates} >= {"chro", "chief-product-officer"}


@pytest.mark.parametrize("typed", ["supervisor", "teacher", "technician", "manager", "engineer", "Teachers"])
def test_a_generic_one_word_title_asks_which_one(index: RoleNameIndex, typed: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is None and resolution.ambiguous
    assert 2 <= len(resolution.candidates) <= MAX_OPTIONS


def test_a_name_several_occupations_share_asks_between_them(index: RoleNameIndex) -> None:
    resolution = index.resolve("truck driver")

    assert resolution.role is None and resolution.ambiguous
    assert {c.slug for c in resolution.candidates} == {"heavy-or-tractor-trailer-truck-driver", "light-truck-driver"}


def test_a_shared_name_is_taken_in_its_usual_sense_only_where_one_occupation_employs_most(
    data_only: RoleNameIndex,
) -> None:
    """"Personal trainer" is a title O*NET gives fitness trainers and athletic trainers; the survey counts ten
    times as many of the first, so that is the answer, and the other stays on offer. "Line cook" has no such
    majority (restaurant, fast-food and short-order cooks), so the data alone asks."""
    usual = data_only.resolve("personal trainer")
    assert usual.how == "usual" and usual.role is not None
    assert usual.role.slug == "exercise-trainer-or-group-fitness-instructor"
    assert [c.slug for c in usual.candidates] == ["athletic-trainer"]
    assert data_only.workers(usual.role.slug) > 9 * data_only.workers("athletic-trainer")

    assert data_only.resolve("line cook").ambiguous
    # An occupation that shares its survey figure with others ("all other" codes) never counts as usual.
    assert data_only.resolve("solar installer").ambiguous
    # Nor does a name another occupation's own title holds: Short-Term Substitute Teachers.
    assert data_only.resolve("substitute teacher").ambiguous


@pytest.mark.parametrize(("typed", "slug", "named"), [
    ("line cook", "restaurant-cook", "fast-food-cook"),
    ("Line Cook - FT/PT | Downtown Location", "restaurant-cook", "fast-food-cook"),
    ("solar installer", "solar-photovoltaic-installer", "solar-thermal-installer-or-technician"),
    ("Dental Nurse - Private Practice", "dental-assistant", "dental-hygienist"),
    ("cna nights", "nursing-assistant", "home-health-aide"),
])
def test_the_reviewed_table_says_what_a_shared_name_usually_means_and_the_others_are_named(
        index: RoleNameIndex, typed: str, slug: str, named: str) -> None:
    """bot/catalogue/usual_meanings.yml: most line cooks work in restaurants, a British dental nurse does a
    dental assistant's job. The others stay on offer."""
    resolution = index.resolve(typed)

    assert resolution.how == "usual" and resolution.role is not None and resolution.role.slug == slug
    assert named in [c.slug for c in resolution.candidates]


def test_a_word_typed_with_a_name_the_table_marks_still_tells_its_roles_apart(index: RoleNameIndex) -> None:
    """The table says what a name usually means, not what it always means: "Line Cook - Fast Food" is the
    fast food cook."""
    resolution = index.resolve("Line Cook - Fast Food")

    assert resolution.role is not None and resolution.role.slug == "fast-food-cook"


@pytest.mark.parametrize(
    "typed", ["chief vibes officer", "chief snack officer", "dragon tamer", "", "   ", "' OR 1=1 --"]
)
def test_unknown_names_are_not_forced_onto_a_role(index: RoleNameIndex, typed: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is None and not resolution.ambiguous
    assert len(resolution.candidates) <= 3


def test_a_name_another_occupations_own_title_is_about_offers_that_occupation_first(index: RoleNameIndex) -> None:
    resolution = index.resolve("Substitute Teacher - Daily / On-Call")

    assert resolution.role is None and resolution.ambiguous
    assert resolution.candidates[0].slug == "short-term-substitute-teacher"


def test_a_role_the_survey_does_not_count_is_offered_after_the_owners_of_a_name(index: RoleNameIndex) -> None:
    """"Air Crew Members" (the armed forces, not in the pay survey) holds "crew member" in its own title; the
    owners of the name, fast food workers first, come before it."""
    resolution = index.resolve("Crew Member - Drive Thru")

    assert resolution.role is None and resolution.ambiguous
    assert resolution.candidates[0].slug == "fast-food-or-counter-worker"


@pytest.mark.parametrize("typed, slug", [
    ("4th Grade Teacher - 2025-26 School Year", "elementary-school-teacher-except-special-education"),
    ("6th Grade Math Teacher", "middle-school-teacher-except-special-and-career-technical-educatio"),
    ("tenth grade english teacher", "secondary-school-teacher-except-special-and-career-technical-educa"),
    ("Year 2 Teacher - Maternity Cover", "elementary-school-teacher-except-special-education"),  # a British year
])
def test_a_school_grade_says_the_school_and_a_pay_grade_says_nothing(index: RoleNameIndex, typed: str,
                                                                      slug: str) -> None:
    """US grades 1 to 5 are taught in elementary schools, 6 to 8 in middle schools, 9 to 12 in high schools."""
    assert index.resolve(typed).role.slug == slug  # type: ignore[union-attr]
    assert index.resolve("A-Grade Electrician - Domestic").role.slug == "electrician"  # type: ignore[union-attr]
    assert index.resolve("1 Year Contract - Accountant").role.slug == "accountant"  # type: ignore[union-attr]


@pytest.mark.parametrize("typed, slug", [
    ("Assistant Professor of Chemistry - Tenure Track", "postsecondary-chemistry-teacher"),  # the rank goes
    ("Director of Nursing (DON) - Skilled Nursing Facility", "medical-or-health-services-manager"),
    ("Clinical Professor of Nursing", "postsecondary-nursing-instructor-or-teacher"),  # "clinical nursing professor"
])
def test_a_job_of_a_field_is_the_field_s_job(index: RoleNameIndex, typed: str, slug: str) -> None:
    """Names are mostly written field first: "Professor of Chemistry" is found as "chemistry professor"."""
    resolution = index.resolve(typed)

    assert resolution.role is not None and (resolution.role.slug, resolution.how) == (slug, "exact")


def test_a_british_teacher_of_a_subject_is_not_read_field_first(index: RoleNameIndex) -> None:
    """"Teacher of Science" is a British secondary school's; O*NET's "science teacher" is a middle school's."""
    resolution = index.resolve("Teacher of Science")

    assert resolution.role is None
    assert resolution.candidates[0].slug == "secondary-school-teacher-except-special-and-career-technical-educa"


@pytest.mark.parametrize("typed, slug", [
    ("Paraprofessional - Special Education", "special-education-teaching-assistant"),  # not "Except Special Education"
    ("Flooring Installer - Carpet", "carpet-installer"),  # not "Floor Layers, Except Carpet, Wood, and Hard Tiles"
])
def test_what_an_own_title_excepts_is_not_that_occupation(index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug


@pytest.mark.parametrize("typed, not_slug", [
    ("Oil and Gas Driller", "earth-driller-except-oil-and-gas"),
    ("Pediatric Ophthalmologist", "ophthalmologist-except-pediatric"),
    ("special education teacher", "secondary-school-teacher-except-special-and-career-technical-educa"),
])
def test_words_an_own_title_excepts_are_not_held_by_it(index: RoleNameIndex, typed: str, not_slug: str) -> None:
    resolution = index.resolve(typed)

    assert not_slug not in {r.slug for r in (resolution.role, *resolution.candidates) if r is not None}


def test_a_featured_title_others_employ_many_times_as_many_under_asks(
        index: RoleNameIndex, data_only: RoleNameIndex) -> None:
    """O*NET features "MIG welder" for welding machine operators and lists it plainly for welders, who are eleven
    times as many: the data alone asks (the reviewed table then says welders). "Sous chef" (featured for chefs,
    listed for cafeteria cooks) and "production manager" (the own title of industrial production managers) are
    answered."""
    mig = data_only.resolve("MIG Welder")
    assert mig.role is None and mig.ambiguous
    assert {c.slug for c in mig.candidates} >= {"welder-cutter-solderer-or-brazer",
                                                 "welding-soldering-or-brazing-machine-setter-operator-or-tender"}
    assert index.resolve("sous chef").role.slug == "chef-or-head-cook"  # type: ignore[union-attr]
    assert index.resolve("production manager").role.slug == "industrial-production-manager"  # type: ignore[union-attr]


def test_a_figure_typed_tells_apart_the_roles_the_rest_of_the_title_names(index: RoleNameIndex) -> None:
    assert index.resolve("call taker").role.slug == "receptionist"  # type: ignore[union-attr]
    assert index.resolve("911 Call Taker").role.slug == "public-safety-telecommunicator"  # type: ignore[union-attr]
    [mention] = index.find_mentions("what does a 911 call taker do")
    assert (mention.text, mention.roles[0].slug) == ("911 call taker", "public-safety-telecommunicator")


@pytest.mark.parametrize("typed, slug", [
    ("Deckhand - Commercial Fishing", "fishing-or-hunting-worker"),  # "deckhand" alone: the sailor O*NET features
    ("MIG Welder - Structural Steel", "welder-cutter-solderer-or-brazer"),
    ("Teaching Assistant - Primary School", "preschool-elementary-middle-or-secondary-school-teaching-assistant"),
])
def test_a_word_of_the_field_typed_with_a_shared_name_tells_its_roles_apart(
        index: RoleNameIndex, data_only: RoleNameIndex, typed: str, slug: str) -> None:
    assert index.resolve(typed).role.slug == slug  # type: ignore[union-attr]
    bare = data_only.resolve(typed.split(" - ")[0])
    assert bare.role is None or bare.role.slug != slug


@pytest.mark.parametrize("typed, slug", [
    ("Front Desk Agent - Hotel", "hotel-motel-or-resort-desk-clerk"),
    ("Social Worker - Child Protective Services", "child-family-or-school-social-worker"),
    ("Assembler - Electronics - 1st Shift", "electrical-and-electronic-equipment-assembler"),
])
def test_a_word_one_of_their_own_titles_holds_tells_a_shared_names_roles_apart(
        index: RoleNameIndex, data_only: RoleNameIndex, typed: str, slug: str) -> None:
    """The name alone asks, on O*NET's data; the word its own title holds answers, and the reply still names the
    others."""
    resolution = index.resolve(typed)

    assert resolution.role.slug == slug and resolution.candidates  # type: ignore[union-attr]
    assert slug not in {c.slug for c in resolution.candidates}
    bare = data_only.resolve(typed.split(" - ")[0])
    assert bare.role is None and bare.ambiguous


def test_a_title_ending_in_a_shared_name_is_the_role_whose_own_title_holds_its_other_words(
        index: RoleNameIndex) -> None:
    """"Crew member" alone asks; "Fast Food and Counter Workers" holds "fast food", but not "burger"."""
    resolution = index.resolve("Fast Food Crew Member - Hiring Immediately")

    assert resolution.role.slug == "fast-food-or-counter-worker" and resolution.candidates  # type: ignore[union-attr]
    assert index.resolve("crew member").ambiguous
    assert index.resolve("Fast Food Burger Crew Member").role is None


def test_the_long_form_in_brackets_tells_no_roles_apart(index: RoleNameIndex) -> None:
    """"Information" is in the own title of information security analysts, but here it only spells out "IT"."""
    resolution = index.resolve("IT Analyst (Information Technology Analyst)")

    assert resolution.role is None and resolution.ambiguous


def test_a_name_that_is_the_first_job_of_another_roles_own_title_is_that_role(index: RoleNameIndex) -> None:
    """O*NET lists "veterinary assistant" only plainly, for veterinary technicians; it is the first job named in
    the own title "Veterinary Assistants and Laboratory Animal Caretakers". A job named after "and" in a title
    ("Health and Safety Engineers, Except Mining Safety Engineers and Inspectors") is not one of these."""
    resolution = index.resolve("veterinary assistant")

    assert resolution.role.slug == "veterinary-assistant-or-laboratory-animal-caretaker"  # type: ignore[union-attr]
    assert [c.slug for c in resolution.candidates] == ["veterinary-technologist-or-technician"]
    assert index.resolve("safety inspector").role is None


@pytest.mark.parametrize("typed, slug", [("CNC Machinist - 2nd Shift", "machinist"),
                                         ("Forensic Accountant", "accountant")])
def test_a_shared_name_headed_by_an_occupations_whole_title_is_that_occupation(
        index: RoleNameIndex, typed: str, slug: str) -> None:
    """A CNC machinist is a machinist (O*NET also lists the name for CNC tool operators and programmers)."""
    resolution = index.resolve(typed)

    assert resolution.role.slug == slug and resolution.candidates  # type: ignore[union-attr]


def test_a_title_qualified_after_its_first_job_heads_no_name(index: RoleNameIndex) -> None:
    """"Appraisers and Assessors of Real Estate" names appraisers of one kind only: a field appraiser may value
    damaged cars."""
    resolution = index.resolve("Field Appraiser")

    assert resolution.role is None and resolution.ambiguous


@pytest.mark.parametrize("typed, slug, other", [
    ("Infantryman (11B) - Active Duty", "infantry-soldier",
     "military-enlisted-tactical-operations-or-air-weapons-specialist-or"),
    ("General Labourer", "construction-laborer", "production-worker-other-specialties"),
])
def test_a_name_an_all_other_occupation_shares_with_one_that_covers_the_job_is_that_one(
        index: RoleNameIndex, typed: str, slug: str, other: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug
    assert [c.slug for c in resolution.candidates] == [other]  # the reply names it


def test_a_kind_o_net_names_under_an_all_other_code_is_no_leftover(data_only: RoleNameIndex) -> None:
    """Retail loss prevention specialists (33-9099.02) are a job of their own: on O*NET's data, "store detective"
    still asks (the reviewed table then says retail loss prevention)."""
    resolution = data_only.resolve("store detective")

    assert resolution.role is None and {c.slug for c in resolution.candidates} == {
        "private-detective-or-investigator", "retail-loss-prevention-specialist"}


def test_a_word_an_all_other_occupations_names_hold_tells_nothing(index: RoleNameIndex) -> None:
    """"Card" is in a name of Production Workers, All Other; a CSCS card is a building site's safety card."""
    resolution = index.resolve("General Labourer - CSCS Card Required")

    assert resolution.role is not None and resolution.role.slug == "construction-laborer"


@pytest.mark.parametrize("typed", ["tiler", "Groundworker - CSCS", "room attendant"])
def test_a_name_that_means_another_job_abroad_asks_which_one(data_only: RoleNameIndex, typed: str) -> None:
    """O*NET's floor layer is a tile setter in Britain; its landscaper a construction labourer; its locker room
    attendant a hotel housekeeper (names_abroad.yml, `elsewhere`). (The reviewed table then answers "tiler" and
    "room attendant" with the job they usually mean.)"""
    resolution = data_only.resolve(typed)

    assert resolution.role is None and resolution.ambiguous
    assert {"tile-and-stone-setter", "construction-laborer", "maid-or-housekeeping-cleaner"} & {
        c.slug for c in resolution.candidates}


@pytest.mark.parametrize("typed, slug", [
    ("hotel bartender", "bartender"),
    ("Freelance Content Writer - Tech & SaaS", "content-writer"),
    ("live-in nanny", "nanny"),
])
def test_a_known_name_in_a_setting_is_that_name(index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert (resolution.role.slug, resolution.how) == (slug, "setting")  # type: ignore[union-attr]


@pytest.mark.parametrize("typed, not_slug", [
    ("hospital coder", "software-engineer"),  # medical records specialists have "hospital ... coder" names
    ("school pathologist", "physician-pathologist"),  # speech-language pathologists have "school" names
    ("Hotel GM", "general-manager"),  # a manager's setting decides the occupation
])
def test_a_setting_that_changes_the_job_is_no_setting(index: RoleNameIndex, typed: str, not_slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.how != "setting"
    assert resolution.role is None or resolution.role.slug != not_slug


def test_a_title_many_occupations_share_is_not_taken_by_the_two_that_feature_it(index: RoleNameIndex) -> None:
    resolution = index.resolve("Field Service Technician")  # 18 occupations; two feature it

    assert resolution.role is None and resolution.ambiguous


def test_a_kind_of_occupation_without_its_own_survey_figure_can_lose_but_never_win(index: RoleNameIndex) -> None:
    """"Quality inspector" names production inspectors (about 600,000) and aviation inspectors, a kind of
    transportation inspector; all transportation inspectors together are far fewer, so the first is meant."""
    resolution = index.resolve("quality inspector")

    assert resolution.how == "usual" and resolution.role is not None
    assert resolution.role.slug == "inspector-tester-sorter-sampler-or-weigher"
    assert [c.slug for c in resolution.candidates] == ["aviation-inspector"]
    assert index.workers("aviation-inspector") is None and index.workers("aviation-inspector", at_most=True)


@pytest.mark.parametrize("typed, first", [
    ("Tesla fleet mechanic", "bus-and-truck-mechanic-or-diesel-engine-specialist"),  # O*NET lists it plainly
])
def test_an_unknown_word_before_a_known_kind_of_job_offers_that_kind(
        index: RoleNameIndex, typed: str, first: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is None and not resolution.ambiguous
    assert first in [c.slug for c in resolution.candidates]


@pytest.mark.parametrize("typed, slug", [
    ("Sr. GL Accountant", "accountant"),
    ("SIA Door Supervisor - Weekends", "security-guard"),  # "door supervisor" is no curated name
    ("linux sysadmin", "system-administrator"),  # nor is "linux" a short form
])
def test_short_forms_or_words_no_name_uses_before_a_curated_name_narrow_it(index: RoleNameIndex, typed: str,
                                                                            slug: str) -> None:
    resolution = index.resolve(typed)

    assert (resolution.role.slug, resolution.how) == (slug, "exact")  # type: ignore[union-attr]


def test_a_word_no_name_uses_before_an_occupations_name_may_change_the_job(index: RoleNameIndex) -> None:
    """A unicorn groomer may be no animal caretaker ("paddock judge" is no judge): offered, not answered."""
    resolution = index.resolve("unicorn groomer")

    assert resolution.role is None and resolution.candidates[0].slug == "animal-caretaker"


def test_an_unknown_title_offers_roles_of_its_field_and_a_far_one_none(index: RoleNameIndex) -> None:
    close = index.resolve("forklift wizard").candidates
    far = index.resolve("chief vibes officer").candidates

    assert close and close[0].slug == "industrial-truck-or-tractor-operator" and len(close) <= 3
    assert far == ()  # sharing only "chief" and "officer" is no likeness


@pytest.mark.parametrize("typed, slug", [("devops", "devops-engineer"), ("scrum", "scrum-master"),
                                         ("product management", "product-manager")])
def test_a_distinctive_part_of_a_title_is_enough(index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug


@pytest.mark.parametrize(
    "typed, known, slip",
    [("cheif", "chief", True), ("oficer", "officer", True), ("paralegel", "paralegal", True),
     ("sistem", "system", True), ("enginer", "engineer", True), ("sonar", "solar", False),
     ("proration", "probation", False), ("vibe", "vine", False)],
)
def test_typos_are_slips_of_the_fingers_or_the_ear_not_other_words(typed: str, known: str, slip: bool) -> None:
    assert is_typing_slip(typed, known) is slip


def test_a_word_some_title_uses_is_never_corrected_into_another(index: RoleNameIndex) -> None:
    assert index.resolve("brnach manager").role is not None  # a slip: the branch manager
    assert index.resolve("brnach manager").role == index.resolve("branch manager").role
    assert index.resolve("patrol officer").role != index.resolve("payroll officer").role


def test_role_names_are_found_inside_a_sentence(index: RoleNameIndex) -> None:
    mentions = index.find_mentions("What's the difference between a COO and the chief executive officer?")

    assert [m.roles[0].slug for m in mentions] == ["coo", "ceo"]


def test_imported_titles_are_found_inside_a_sentence_the_longest_first(index: RoleNameIndex) -> None:
    hygienist = index.find_mentions("so what does a dental hygienist do all day?")
    controller = index.find_mentions("I applied to be an air traffic controller")

    assert [m.roles for m in hygienist] == [(index.resolve("dental-hygienist").role,)]
    assert [m.roles[0].slug for m in controller] == ["air-traffic-controller"]


@pytest.mark.parametrize("text", ["who's the boss?", "tell me more", "what does it mean", "who do they report to",
                                  "thanks, that helps a lot", "how much do they earn"])
def test_everyday_sentences_name_no_role(index: RoleNameIndex, text: str) -> None:
    assert index.find_mentions(text) == []


@pytest.mark.parametrize(("typed", "slug", "named"), [
    ("General Manager - Hotel", "lodging-manager", "general-manager"),
    ("Operations Manager - Distribution Centre", "transportation-storage-or-distribution-manager",
     "operations-manager"),
    ("Project Manager - Commercial Construction", "construction-manager", "project-manager"),
])
def test_what_a_manager_manages_in_a_later_segment_decides_the_occupation(
        index: RoleNameIndex, typed: str, slug: str, named: str) -> None:
    """O*NET splits managers by what they manage: "hotel general manager" is a name of lodging managers, so
    "General Manager - Hotel" is one; the title's own role is named."""
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug
    assert [c.slug for c in resolution.candidates] == [named]


@pytest.mark.parametrize(("typed", "slug"), [
    ("Project Manager - Marketing", "project-manager"),  # no "marketing project manager" is known
    ("General Manager - Fast Casual", "general-manager"),
])
def test_a_managers_segment_that_makes_no_known_name_leaves_the_title(
        index: RoleNameIndex, typed: str, slug: str) -> None:
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug


@pytest.mark.parametrize(("typed", "slug"), [
    ("Civil Engineer - Public Works", "civil-engineer"),
    ("Facilities Manager - Commercial Portfolio", "facilities-manager"),
])
def test_a_word_of_the_field_never_overrules_an_occupations_own_title(
        index: RoleNameIndex, typed: str, slug: str) -> None:
    """"Public works" is in names of environmental engineers, but "Civil Engineer" is the civil engineers' own
    title: the word does not make them another occupation."""
    resolution = index.resolve(typed)

    assert resolution.role is not None and resolution.role.slug == slug


def test_the_roles_named_beside_the_one_taken_put_an_all_other_occupation_last(index: RoleNameIndex) -> None:
    """"Bin man" is a refuse collector; Production Workers, All Other also list the name and employ more people,
    but their figure counts every job they gather, so they are named after the specific occupation."""
    resolution = index.resolve("bin man")

    assert resolution.role is not None and resolution.role.slug == "refuse-or-recyclable-material-collector"
    assert [c.slug for c in resolution.candidates][-1] == "production-worker-other-specialties"
    assert len(resolution.candidates) == 2


def test_a_word_no_name_uses_before_a_generic_curated_name_makes_another_job(index: RoleNameIndex) -> None:
    """"Controller" is the curated financial controller, but it ends the names of many roles (air traffic, crowd,
    production controllers): an unknown word before it is no clutter. "linux sysadmin" still is."""
    widget = index.resolve("widget controller")
    crowd = index.resolve("Crowd Controller - Licensed")  # an Australian security officer (names_abroad.yml)

    assert widget.role is None and "financial-controller" not in {c.slug for c in widget.candidates}
    assert crowd.role is not None and crowd.role.slug == "security-guard"
    assert index.resolve("linux sysadmin").role.slug == "system-administrator"  # type: ignore[union-attr]


@pytest.mark.parametrize("typed, slug", [("goat dairy farm hand", "farmworker-farm-ranch-or-aquacultural-animals"),
                                         ("orchard farm hand", "farmworker-or-laborer-crop-nursery-or-greenhouse")])
def test_the_second_opinion_tells_apart_the_roles_a_shared_ending_names(
        index: RoleNameIndex, monkeypatch: pytest.MonkeyPatch, typed: str, slug: str) -> None:
    """"Farm hand" names two farmworkers; the words before it say which. Without the second opinion, asked."""
    answered = index.resolve(typed)
    monkeypatch.setattr(index._classifier, "verdict", lambda words: None)
    asked = index.resolve(typed)

    assert answered.role is not None and answered.role.slug == slug
    assert asked.role is None and slug in [c.slug for c in asked.candidates]


@pytest.mark.parametrize("typed", ["software plumber", "field auto claims adjuster"])
def test_the_second_opinion_never_overrules_a_field_or_a_name_one_role_ends_with(
        index: RoleNameIndex, typed: str) -> None:
    """A "software plumber" is no plumber; before "auto claims adjuster" (one occupation's name), "field" was
    judged no clutter, and the classifier does not judge it again."""
    assert index.resolve(typed).role is None
