"""The case-data model, in the Standard Safeguarding Dataset's vocabulary.

Each model is one SSD table. A model field is the SSD column without its
four-letter prefix (`cine_referral_date` -> `referral_date`), so SSD extracts
load and export without a hand-kept mapping; `ssd.py` derives it. Identifiers
are strings, as in the SSD. References between tables are plain indexed id
columns rather than foreign keys: an SSD extract may be replaced wholesale by
a later one, and the workflow apps (audits, escalations) keep their own
records by child and worker id so they survive that.

Tables marked "extension" hold what the SSD lacks (strategy discussions as
rows, core groups, care-leaver contacts, pathway plan reviews); columns marked
"extension" are documented in docs/ssd-extensions.md.
"""

from django.db import models


def _id(**kw):
    return models.CharField(max_length=48, **kw)


def _ref():
    return models.CharField(max_length=48, blank=True, default="", db_index=True)


def _date(index: bool = False):
    return models.DateField(null=True, blank=True, db_index=index)


def _flag():
    return models.CharField(max_length=2, blank=True, default="")


def _text(n: int = 255):
    return models.CharField(max_length=n, blank=True, default="")


def _long():
    return models.TextField(blank=True, default="")


class SSDRecord(models.Model):
    ssd_table: str = ""
    ssd_prefix: str = ""
    # SSD columns whose name is not prefix + field name.
    ssd_renames: dict[str, str] = {}
    # Columns that are ours, not the SSD's (documented as extensions).
    ssd_extensions: tuple[str, ...] = ()
    ssd_is_extension_table = False

    class Meta:
        abstract = True


class Department(SSDRecord):
    ssd_table, ssd_prefix = "ssd_department", "dept_"
    ssd_extensions = ("team_type",)
    TYPES = [("service_area", "Service area"), ("locality", "Locality"), ("team", "Team")]

    team_id = _id(primary_key=True)
    team_name = _text()
    team_parent_id = _ref()
    team_parent_name = _text()
    team_type = models.CharField(max_length=20, blank=True, default="", choices=TYPES)

    def __str__(self):
        return self.team_name or self.team_id


class Professional(SSDRecord):
    ssd_table, ssd_prefix = "ssd_professionals", "prof_"
    ssd_extensions = ("grade", "qualified_date", "start_date", "end_date", "team_id")
    GRADES = [
        ("nqsw", "Newly qualified social worker"),
        ("social_worker", "Social worker"),
        ("senior_practitioner", "Senior practitioner"),
        ("team_manager", "Team manager"),
        ("iro", "Independent reviewing officer"),
        ("cp_chair", "Child protection chair"),
        ("personal_adviser", "Personal adviser"),
        ("other", "Other"),
    ]

    professional_id = _id(primary_key=True)
    staff_id = _text(48)
    professional_name = _text(300)
    social_worker_registration_no = _text(48)
    agency_worker_flag = _flag()
    professional_job_title = _text(500)
    professional_caseload = models.IntegerField(null=True, blank=True)
    professional_department = _text(100)
    full_time_equivalency = models.FloatField(null=True, blank=True)
    grade = models.CharField(max_length=24, blank=True, default="", choices=GRADES)
    qualified_date = _date()
    start_date = _date()
    end_date = _date()
    team_id = _ref()

    def __str__(self):
        return self.professional_name or self.professional_id


class Person(SSDRecord):
    ssd_table, ssd_prefix = "ssd_person", "pers_"

    person_id = _id(primary_key=True)
    legacy_id = _text(48)
    upn = _text(13)
    forename = _text(255)  # the SSD specification's length
    surname = _text(255)
    sex = _text(20)
    gender = _text(10)
    ethnicity = _text(48)
    dob = _date()
    expected_dob = _date()
    single_unique_id = _text(48)
    upn_unknown = _text(6)
    send_flag = _text(5)
    death_date = _date()
    is_mother = _flag()
    nationality = _text(48)

    def __str__(self):
        return self.person_id

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.forename, self.surname) if p) or f"Child {self.person_id}"


class Disability(SSDRecord):
    ssd_table, ssd_prefix = "ssd_disability", "disa_"
    table_id = _id(primary_key=True)
    person_id = _ref()
    disability_code = _text(48)


class ImmigrationStatus(SSDRecord):
    ssd_table, ssd_prefix = "ssd_immigration_status", "immi_"
    immigration_status_id = _id(primary_key=True)
    person_id = _ref()
    immigration_status = _text(100)
    immigration_status_start_date = _date()
    immigration_status_end_date = _date()


class LegalStatus(SSDRecord):
    ssd_table, ssd_prefix = "ssd_legal_status", "lega_"
    legal_status_id = _id(primary_key=True)
    person_id = _ref()
    legal_status = _text(100)
    legal_status_start_date = _date()
    legal_status_end_date = _date()


class Contact(SSDRecord):
    ssd_table, ssd_prefix = "ssd_contacts", "cont_"
    ssd_extensions = ("contact_decision_date",)
    contact_id = _id(primary_key=True)
    person_id = _ref()
    contact_date = _date(index=True)
    contact_source_code = _text(48)
    contact_source_desc = _text()
    contact_outcome_json = _long()
    contact_decision_date = _date()


class EarlyHelpEpisode(SSDRecord):
    ssd_table, ssd_prefix = "ssd_early_help_episodes", "earl_"
    ssd_extensions = ("assessment_completion_date",)
    episode_id = _id(primary_key=True)
    person_id = _ref()
    episode_start_date = _date()
    episode_end_date = _date()
    episode_reason = _long()
    episode_end_reason = _long()
    episode_organisation = _long()
    episode_worker_id = _text(100)
    # Annex A List 2 gives the early help assessment's completion, which the SSD lacks.
    assessment_completion_date = _date()


class CINEpisode(SSDRecord):
    """A referral: in the SSD the referral is the CIN episode."""

    ssd_table, ssd_prefix = "ssd_cin_episodes", "cine_"
    referral_id = _id(primary_key=True)
    person_id = _ref()
    referral_date = _date(index=True)
    cin_primary_need_code = _text(3)
    referral_source_code = _text(48)
    referral_source_desc = _text()
    referral_outcome_json = _long()
    referral_nfa = _flag()
    close_reason = _text(100)
    close_date = _date(index=True)
    referral_team = _text(48)
    referral_worker_id = _text(100)  # the SSD specification's length


class Assessment(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cin_assessments", "cina_"
    assessment_id = _id(primary_key=True)
    person_id = _ref()
    referral_id = _ref()
    assessment_start_date = _date()
    assessment_child_seen = _flag()
    assessment_auth_date = _date()
    assessment_outcome_json = _long()
    assessment_outcome_nfa = _flag()
    assessment_team = _text(48)
    assessment_worker_id = _text(100)


class AssessmentFactors(SSDRecord):
    """The CIN census factors recorded at the end of an assessment (codes such as 3B, domestic abuse concerning a parent)."""

    ssd_table, ssd_prefix = "ssd_assessment_factors", "cinf_"
    table_id = _id(primary_key=True)
    assessment_id = _ref()
    assessment_factors_json = _long()


class CINPlan(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cin_plans", "cinp_"
    cin_plan_id = _id(primary_key=True)
    referral_id = _ref()
    person_id = _ref()
    cin_plan_start_date = _date()
    cin_plan_end_date = _date()
    cin_plan_team = _text(48)
    cin_plan_worker_id = _text(100)


class CINPlanReview(SSDRecord):
    """Extension table: each review of a child in need plan (the SSD has none)."""

    ssd_table, ssd_prefix = "ssd_cin_plan_reviews", "cinr_"
    ssd_is_extension_table = True
    cin_plan_review_id = _id(primary_key=True)
    person_id = _ref()
    cin_plan_id = _ref()
    cin_plan_review_date = _date()


class CINVisit(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cin_visits", "cinv_"
    cin_visit_id = _id(primary_key=True)
    person_id = _ref()
    cin_visit_date = _date()
    cin_visit_seen = _flag()
    cin_visit_seen_alone = _flag()
    cin_visit_bedroom = _flag()


class StrategyDiscussion(SSDRecord):
    """Extension table: the SSD has strategy discussions only as dates and flags."""

    ssd_table, ssd_prefix = "ssd_strategy_discussions", "strd_"
    ssd_is_extension_table = True
    strategy_discussion_id = _id(primary_key=True)
    person_id = _ref()
    referral_id = _ref()
    strategy_discussion_date = _date()
    s47_enquiry_id = _ref()
    strategy_discussion_team = _text(48)
    strategy_discussion_worker_id = _text(48)


class S47Enquiry(SSDRecord):
    ssd_table, ssd_prefix = "ssd_s47_enquiry", "s47e_"
    s47_enquiry_id = _id(primary_key=True)
    referral_id = _ref()
    person_id = _ref()
    s47_start_date = _date()
    s47_end_date = _date()
    s47_nfa = _flag()
    s47_outcome_json = _long()
    s47_completed_by_team = _text(48)
    s47_completed_by_worker_id = _text(100)


class InitialCPConference(SSDRecord):
    ssd_table, ssd_prefix = "ssd_initial_cp_conference", "icpc_"
    icpc_id = _id(primary_key=True)
    icpc_meeting_id = _text(48)
    s47_enquiry_id = _ref()
    person_id = _ref()
    cp_plan_id = _ref()
    referral_id = _ref()
    icpc_transfer_in = _flag()
    icpc_target_date = _date()
    icpc_date = _date()
    icpc_outcome_cp_flag = _flag()
    icpc_outcome_json = _long()
    icpc_team = _text(48)
    icpc_worker_id = _text(100)


class CPPlan(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cp_plans", "cppl_"
    cp_plan_id = _id(primary_key=True)
    referral_id = _ref()
    icpc_id = _ref()
    person_id = _ref()
    cp_plan_start_date = _date(index=True)
    cp_plan_end_date = _date(index=True)
    cp_plan_ola = _flag()
    cp_plan_initial_category = _text(100)
    cp_plan_latest_category = _text(100)


class CoreGroup(SSDRecord):
    """Extension table: core group meetings of a CP plan."""

    ssd_table, ssd_prefix = "ssd_core_groups", "cpcg_"
    ssd_is_extension_table = True
    core_group_id = _id(primary_key=True)
    person_id = _ref()
    cp_plan_id = _ref()
    core_group_date = _date()


class CPVisit(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cp_visits", "cppv_"
    cp_visit_id = _id(primary_key=True)
    person_id = _ref()
    cp_plan_id = _ref()
    cp_visit_date = _date()
    cp_visit_seen = _flag()
    cp_visit_seen_alone = _flag()
    cp_visit_bedroom = _flag()


class CPReview(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cp_reviews", "cppr_"
    cp_review_id = _id(primary_key=True)
    person_id = _ref()
    cp_plan_id = _ref()
    cp_review_due = _date()
    cp_review_date = _date()
    cp_review_meeting_id = _text(48)
    cp_review_outcome_continue_cp = _flag()
    cp_review_quorate = _text(100)
    cp_review_participation = _text(100)


class CLAEpisode(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cla_episodes", "clae_"
    cla_episode_id = _id(primary_key=True)
    person_id = _ref()
    cla_placement_id = _ref()
    cla_episode_start_date = _date(index=True)
    cla_episode_start_reason = _text(100)
    cla_primary_need_code = _text(3)
    cla_episode_ceased_date = _date(index=True)
    cla_episode_ceased_reason = _text()
    cla_id = _ref()
    referral_id = _ref()
    cla_last_iro_contact_date = _date()
    entered_care_date = _date()


class CLAPlacement(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cla_placement", "clap_"
    ssd_extensions = ("cla_placement_until_18", "cla_visit_regime")
    cla_placement_id = _id(primary_key=True)
    cla_id = _ref()
    person_id = _ref()
    cla_placement_start_date = _date()
    cla_placement_type = _text(100)
    cla_placement_urn = _text(48)
    cla_placement_distance = models.FloatField(null=True, blank=True)
    cla_placement_provider = _text(48)
    cla_placement_postcode = _text(8)
    cla_placement_end_date = _date()
    cla_placement_change_reason = _text(100)
    # Extensions for reg 28 visits: the placement is meant to last until 18 (Y/N), and which
    # visiting regime of reg 28(3)-(5) or reg 48 applies (blank: reg 28(2)).
    cla_placement_until_18 = _flag()
    cla_visit_regime = _text(20)


class CLAReview(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cla_reviews", "clar_"
    # The SSD names this table's child column clar_cla_person_id.
    ssd_renames = {"clar_cla_person_id": "person_id"}
    cla_review_id = _id(primary_key=True)
    cla_id = _ref()
    person_id = _ref()
    cla_review_due_date = _date()
    cla_review_date = _date()
    cla_review_cancelled = _flag()
    cla_review_participation = _text(100)


class CLAVisit(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cla_visits", "clav_"
    cla_visit_id = _id(primary_key=True)
    cla_id = _ref()
    person_id = _ref()
    cla_visit_date = _date()
    cla_visit_seen = _flag()
    cla_visit_seen_alone = _flag()


class CLAHealth(SSDRecord):
    ssd_table, ssd_prefix = "ssd_cla_health", "clah_"
    health_check_id = _id(primary_key=True)
    person_id = _ref()
    health_check_type = _text(500)
    health_check_date = _date()
    health_check_status = _text(48)


class SDQScore(SSDRecord):
    ssd_table, ssd_prefix = "ssd_sdq_scores", "csdq_"
    table_id = _id(primary_key=True)
    person_id = _ref()
    sdq_completed_date = _date()
    sdq_reason = _text(100)
    sdq_score = _text(100)


class MissingEpisode(SSDRecord):
    ssd_table, ssd_prefix = "ssd_missing", "miss_"
    ssd_extensions = ("missing_rhi_date",)
    table_id = _id(primary_key=True)
    person_id = _ref()
    missing_episode_start_date = _date()
    missing_episode_type = _text(100)
    missing_episode_end_date = _date()
    missing_rhi_offered = _flag()
    missing_rhi_accepted = _flag()
    # Extension: when the return home interview was held (the SSD says only offered and accepted).
    missing_rhi_date = _date()


class CareLeaver(SSDRecord):
    ssd_table, ssd_prefix = "ssd_care_leavers", "clea_"
    ssd_extensions = (
        "care_leaver_start_date",
        "care_leaver_end_date",
        "care_leaver_accom_start_date",
        "pathway_needs_assessment_date",
    )
    table_id = _id(primary_key=True)
    person_id = _ref()
    care_leaver_eligibility = _text(100)
    care_leaver_in_touch = _text(100)
    care_leaver_latest_contact = _date()
    care_leaver_accommodation = _text(100)
    care_leaver_accom_suitable = _text(100)
    care_leaver_activity = _text(100)
    pathway_plan_review_date = _date()
    care_leaver_personal_advisor = _text(100)
    care_leaver_allocated_team = _text(48)
    care_leaver_worker_id = _text(100)
    # When leaving-care services began and ended (the SSD holds only the current state).
    care_leaver_start_date = _date()
    care_leaver_end_date = _date()
    # Extensions: when the current accommodation started (Care Leavers Regs reg 8) and when the
    # needs assessment for the pathway plan was completed (Care Planning Regs reg 42).
    care_leaver_accom_start_date = _date()
    pathway_needs_assessment_date = _date()


class CareLeaverContact(SSDRecord):
    """Extension table: each personal adviser contact with a care leaver."""

    ssd_table, ssd_prefix = "ssd_care_leaver_contacts", "clec_"
    ssd_is_extension_table = True
    contact_id = _id(primary_key=True)
    person_id = _ref()
    contact_date = _date()
    worker_id = _text(48)


class PathwayPlanReview(SSDRecord):
    """Extension table: each pathway plan review (the SSD keeps only the latest)."""

    ssd_table, ssd_prefix = "ssd_pathway_plan_reviews", "clpp_"
    ssd_is_extension_table = True
    pathway_plan_review_id = _id(primary_key=True)
    person_id = _ref()
    pathway_plan_review_date = _date()


class Permanence(SSDRecord):
    ssd_table, ssd_prefix = "ssd_permanence", "perm_"
    ssd_extensions = ("family_id",)
    table_id = _id(primary_key=True)
    person_id = _ref()
    cla_id = _ref()
    adm_decision_date = _date()
    part_of_sibling_group = _flag()
    siblings_placed_together = models.IntegerField(null=True, blank=True)
    siblings_placed_apart = models.IntegerField(null=True, blank=True)
    ffa_cp_decision_date = _date()
    placement_order_date = _date()
    matched_date = _date()
    adopter_sex = _text(48)  # the SSD specification's length
    adopter_legal_status = _text(100)  # the SSD specification's length
    number_of_adopters = models.IntegerField(null=True, blank=True)
    placed_for_adoption_date = _date()
    adopted_by_carer_flag = _flag()
    placed_foster_carer_date = _date()
    placed_ffa_cp_date = _date()
    placement_provider_urn = _text(48)
    decision_reversed_date = _date()
    decision_reversed_reason = _text(100)  # the SSD specification's length
    permanence_order_date = _date()
    permanence_order_type = _text(100)
    adoption_worker_id = _text(100)  # the SSD specification's length
    # The adoptive family (Annex A List 10), linking the child to its adopters in ssd_adopters.
    family_id = _text(48)


class Adopter(SSDRecord):
    """Extension table: Annex A List 11, one row per individual adopter and enquiry."""

    ssd_table, ssd_prefix = "ssd_adopters", "adop_"
    ssd_is_extension_table = True
    table_id = _id(primary_key=True)
    adopter_id = _text(48)
    family_id = _text(48)
    sex = _text(20)
    ethnicity = _text(48)
    disability = _flag()
    ffa_flag = _flag()
    enquiry_date = _date()
    stage1_start_date = _date()
    stage1_end_date = _date()
    stage2_start_date = _date()
    stage2_end_date = _date()
    application_date = _date()
    approval_date = _date()
    matched_date = _date()
    placed_date = _date()
    children_placed = models.IntegerField(null=True, blank=True)
    adoption_order_date = _date()
    left_date = _date()
    left_reason = _text(4)


class Involvement(SSDRecord):
    """Allocation history: which worker, IRO or personal adviser held a child, when."""

    ssd_table, ssd_prefix = "ssd_involvements", "invo_"
    involvements_id = _id(primary_key=True)
    professional_id = _ref()
    professional_role_id = models.CharField(max_length=200, blank=True, default="", db_index=True)
    professional_team = _text(48)
    person_id = _ref()
    referral_id = _ref()
    involvement_start_date = _date()
    involvement_end_date = _date()
    worker_change_reason = _text(200)


class CaseDataVersion(models.Model):
    """A token that changes whenever case data is replaced (one row).

    A random token rather than a counter, so a rolled-back write can never be
    mistaken for a later one that reached the same number.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    @classmethod
    def bump(cls) -> str:
        import uuid

        from oversight import memo

        token = uuid.uuid4().hex
        cls.objects.update_or_create(pk=1, defaults={"token": token})
        memo.forget(MEMO_KEY)
        return token

    @classmethod
    def current(cls) -> str:
        """The token now; read once per request (oversight.memo), since every cached figure asks for it."""
        from oversight import memo

        return memo.once(MEMO_KEY, lambda: cls.objects.filter(pk=1).values_list("token", flat=True).first() or "")


MEMO_KEY = "people.case_data_version"


# The order in which tables are loaded, exported and listed.
SSD_MODELS: list[type[SSDRecord]] = [
    Department,
    Professional,
    Person,
    Disability,
    ImmigrationStatus,
    LegalStatus,
    Contact,
    EarlyHelpEpisode,
    CINEpisode,
    Assessment,
    AssessmentFactors,
    CINPlan,
    CINPlanReview,
    CINVisit,
    StrategyDiscussion,
    S47Enquiry,
    InitialCPConference,
    CPPlan,
    CoreGroup,
    CPVisit,
    CPReview,
    CLAEpisode,
    CLAPlacement,
    CLAReview,
    CLAVisit,
    CLAHealth,
    SDQScore,
    MissingEpisode,
    CareLeaver,
    CareLeaverContact,
    PathwayPlanReview,
    Permanence,
    Adopter,
    Involvement,
]
