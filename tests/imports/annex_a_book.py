"""A hand-made Annex A workbook with its answers worked out by hand (as at 2024-03-31).

Headers are written out here, not taken from the importer's own spec, and use
the variants seen in real workbooks: `Age`, curly quotes, the `(Y/N))` typo,
odd case and trailing spaces, a title row above the headers, sheets named
anything. Values mix letter-prefixed drop-downs, bare codes, Excel date cells,
Excel serial numbers and dd/mm/yyyy text; one worker's name has a no-break space.

Children:
  A  contact; open referral (serial date 45301 = 2024-01-10); open assessment   worker Jo Bloggs (three spellings)
  B  CIN episode since 2023-06-01 (List 3 and List 6 agree); CP plan            worker Sam Smith
  C  in care since 2022-05-01; Allocated Worker "Unallocated"                   nobody: unallocated
  E  care leaver; Allocated Worker "Unallocated"; PA Pat Adviser                held by a personal adviser: allocated
  F  contact; referral 01/02/2024 with no further action: closed that day
  G  CIN episode closed 2023-12-01
  H  ceased care 2023-12-01
  I  adoption: should-be-placed decision 2023-10-01
Headline counts: open referrals 2 (A, B); children in need 3 (A, B, C); CP plans 1 (B);
in care 1 (C); care leavers 1 (E); unallocated 1 (C).
Workers 3 (Jo Bloggs, Sam Smith, Pat Adviser); teams 3; involvements 3 (A-Jo, B-Sam, E-Pat as PA).
"""

from __future__ import annotations

import datetime as dt

D = dt.date
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
COUNTS = {
    "as_at": "2024-03-31",
    "open_referrals": 2,
    "children_in_need": 3,
    "child_protection_plans": 1,
    "children_in_care": 1,
    "care_leavers": 1,
    "unallocated_children": 1,
}

LIST1 = COMMON + ["Date of Contact", "Contact Source"]
LIST3 = COMMON + [
    "Date of Referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
]
LIST4 = COMMON + [
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA childrens social care support",
    "Allocated Team",
    "Allocated Worker",
]
LIST6 = COMMON + [
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
]
LIST7 = COMMON + [
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
]
LIST8 = [
    "CHILD UNIQUE ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child\u2019s Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status",
    "Child\u2019s Legal Status",
    "Date of Latest Statutory Review",
    "date of last social work visit",
    "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child",
    "Date of Last Health Assessment",
    "Date of Last Dental Check",
    "Number of Placements in the Last 12 months",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement",
    "Placement Type",
    "Placement Provider",
    "Placement postcode ",
    "URN of Placement",
    "Placement Location",
    "LA of Placement",
    "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
    "Number of Episodes the Child has been \u2018Absent\u2019 from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
]
LIST9_NEW = COMMON + [
    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
    "Does the Child have a Disability",
    "Allocated Team",
    "Allocated Worker",
    "Allocated Personal Advisor",
    "Eligibility Category",
    "Latest Pathway Plan Review Date",
    "LA in Touch",
    "Latest Date of Contact",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
]
LIST9_OLD = COMMON + [
    "Does the Child have a Disability",
    "Allocated Team",
    "Allocated Worker",
    "Eligibility Category",
    "LA in Touch",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
]
LIST10 = [
    "Child Unique ID",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Date the Child Entered Care",
    "Date of Decision that Child Should be Placed for Adoption",
    "Date of Placement Order",
    "Date of Matching Child and Prospective Adopters",
    "Date Placed for Adoption",
    "Date of Adoption Order ",
    "Date of Decision that Child Should No Longer be Placed for Adoption",
    "Reason Why Child No Longer Placed for Adoption",
    "Date the child was placed for fostering in FFA or concurrent planning placement",
]
LIST11 = [
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
]


def rows(header: list[str], *records: dict) -> list[list]:
    """A sheet: the header, then one row per record (keys are headers; missing ones blank)."""
    for r in records:
        unknown = set(r) - set(header)
        assert not unknown, unknown
    return [header] + [[r.get(h) for h in header] for r in records]


def child(cid, gender="b) Female", eth="a) WBRI", dob=D(2015, 6, 1), age=8):
    return {
        "Child Unique ID": cid,
        "CHILD UNIQUE ID": cid,
        "Gender": gender,
        "Ethnicity": eth,
        "Date of Birth": dob,
        "Age of Child (Years)": age,
        "Age": age,
    }


def pick(header, record):
    return {k: v for k, v in record.items() if k in header}


def sheets(list9=LIST9_NEW) -> dict[str, list[list]]:
    c = child
    return {
        "Cover": [["Annex A return"], ["Prepared for inspection"]],
        "Sheet7": rows(
            LIST1,
            pick(LIST1, {**c("A"), "Date of Contact": D(2024, 1, 5), "Contact Source": "q) 6: Police"}),
            pick(
                LIST1,
                {
                    **c("F", "a) Male", "WBRI", D(2012, 3, 3), 12),
                    "Date of Contact": "01/02/2024",
                    "Contact Source": "e) 2A: Schools",
                },
            ),
        ),
        "Refs": [["List 3: referrals"]]
        + rows(
            LIST3,
            pick(
                LIST3,
                {
                    **c("A"),
                    "Date of Referral": 45301,
                    "Referral Source": "q) 6: Police",
                    "Referral NFA?": "b) No",
                    "Number of Referrals in Last 12 Months": 1,
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Jo\u00a0Bloggs",
                },
            ),
            pick(
                LIST3,
                {
                    **c("F", "a) Male", "WBRI", D(2012, 3, 3), 12),
                    "Date of Referral": "01/02/2024",
                    "Referral Source": "2A",
                    "Referral NFA?": "a) Yes",
                    "Number of Referrals in Last 12 Months": 1,
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Jo Bloggs",
                },
            ),
            pick(
                LIST3,
                {
                    **c("B", "a) Male", "WBRI", D(2016, 2, 1), 8),
                    "Date of Referral": D(2023, 6, 1),
                    "Referral Source": "6",
                    "Referral NFA?": "No",
                    "Number of Referrals in Last 12 Months": 1.0,
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Sam Smith",
                },
            ),
        ),
        "Assess": rows(
            LIST4,
            pick(
                LIST4,
                {
                    **c("A"),
                    "Does the Child have a Disability": "b) No",
                    "Continuous Assessment Start Date": D(2024, 1, 11),
                    "Child Seen During Continuous Assessment": "a) Yes",
                    "Allocated Team": "north team",
                    "Allocated Worker": "jo  bloggs",
                },
            ),
        ),
        "CIN": rows(
            LIST6,
            pick(
                LIST6,
                {
                    **c("B", "a) Male", "WBRI", D(2016, 2, 1), 8),
                    "Does the Child have a Disability": "b) No",
                    "CIN Start Date": D(2023, 6, 1),
                    "Primary Need Code": "N4 - Family in acute stress",
                    "Date Child Was Last Seen": D(2024, 3, 20),
                    "Case Status": "b) Child Protection plan",
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Sam Smith",
                },
            ),
            pick(
                LIST6,
                {
                    **c("G", "a) Male", "WBRI", D(2011, 1, 1), 13),
                    "Does the Child have a Disability": "c) Unknown",
                    "CIN Start Date": D(2023, 1, 1),
                    "Primary Need Code": "N5",
                    "CIN Closure Date": D(2023, 12, 1),
                    "Reason for Closure": "RC7 - Services ceased for any other reason, including child no longer in need",
                    "Case Status": "e) Closed episode",
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Sam Smith",
                },
            ),
        ),
        "CP list": rows(
            LIST7,
            pick(
                LIST7,
                {
                    **c("B", "a) Male", "WBRI", D(2016, 2, 1), 8),
                    "Does the Child have a Disability": "b) No",
                    "Child Protection Plan Start Date": D(2023, 7, 1),
                    "Initial Category of Abuse": "a) Neglect",
                    "Latest Category of Abuse": "Emotional abuse",
                    "Date of the Last Statutory Visit": D(2024, 3, 15),
                    "Was the Child Seen Alone?": "b) No",
                    "Date of latest review conference": "10/01/2024",
                    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)": "b) No",
                    "Number of Previous Child Protection Plans": 0,
                    "Allocated Team": "North Team",
                    "Allocated Worker": "Sam Smith",
                },
            ),
        ),
        "LAC": rows(
            LIST8,
            {
                **pick(LIST8, c("C", "a) Male", "WBRI", D(2012, 1, 1), 12.4)),
                LIST8[5]: "b) No",
                LIST8[6]: "AUT",
                LIST8[7]: D(2022, 5, 1),
                LIST8[8]: "N1 - Abuse or neglect",
                LIST8[9]: "b) No",
                LIST8[10]: D(2022, 5, 1),
                LIST8[11]: "C2: FCO",
                LIST8[12]: D(2024, 2, 1),
                LIST8[13]: D(2024, 3, 1),
                LIST8[14]: "f) Long-term fostering",
                LIST8[16]: D(2023, 9, 1),
                LIST8[18]: 1,
                LIST8[21]: D(2023, 1, 1),
                LIST8[22]: "f) U6: Foster placement - not FFA",
                LIST8[23]: "b) PR1: Own provision",
                LIST8[24]: "AB1 2CD",
                LIST8[26]: "a) In",
                LIST8[27]: "Somewhere",
                LIST8[28]: 0,
                LIST8[29]: 0,
                LIST8[32]: "South Team",
                LIST8[33]: "Unallocated",
            },
            {
                **pick(LIST8, c("H", "b) Female", "WBRI", D(2010, 1, 1), 14)),
                LIST8[5]: "b) No",
                LIST8[6]: "NONE",
                LIST8[7]: D(2021, 1, 1),
                LIST8[8]: "N1",
                LIST8[9]: "b) No",
                LIST8[10]: D(2021, 1, 1),
                LIST8[11]: "V2",
                LIST8[18]: 0,
                LIST8[19]: D(2023, 12, 1),
                LIST8[20]: "e) E4A: Returned home to live with parents or relatives - part of planning",
                LIST8[21]: D(2021, 1, 1),
                LIST8[22]: "U6",
                LIST8[23]: "e) PR4 - Private provision",
                LIST8[24]: "ZZ9 9ZZ",
                LIST8[26]: "b) Out",
                LIST8[27]: "Elsewhere",
                LIST8[28]: 0,
                LIST8[29]: 0,
                LIST8[32]: "South Team",
                LIST8[33]: "Sam Smith",
            },
        ),
        "Leavers": rows(
            list9,
            pick(
                list9,
                {
                    **c("E", "b) Female", "WBRI", D(2005, 3, 3), 19),
                    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": "b) No",
                    "Does the Child have a Disability": "b) No",
                    "Allocated Team": "Leaving Care",
                    "Allocated Worker": "Unallocated",
                    "Allocated Personal Advisor": "Pat Adviser",
                    "Eligibility Category": "b) Former relevant child",
                    "Latest Pathway Plan Review Date": D(2024, 2, 20),
                    "LA in Touch": "a) Yes",
                    "Latest Date of Contact": D(2024, 3, 10),
                    "Type of Accommodation": "D: Semi-independent, transitional accommodation and self-contained accommodation",
                    "Suitability of Accommodation": "a) Suitable",
                    "Activity Status": "F2: Full time in education other than higher",
                },
            ),
        ),
        "Adoption": rows(
            LIST10,
            pick(
                LIST10,
                {
                    **c("I", "b) Female", "WBRI", D(2021, 5, 5), 2),
                    "Family identifier": "FAM1",
                    "Does the Child have a Disability": "b) No",
                    "Date the Child Entered Care": D(2022, 1, 1),
                    "Date of Decision that Child Should be Placed for Adoption": D(2023, 10, 1),
                    "Date of Placement Order": D(2023, 12, 1),
                },
            ),
        ),
        "Adopters": rows(
            LIST11,
            {
                "Individual adopter identifier": "AD1",
                "Family identifier": "FAM1",
                "Gender": "a) Male",
                "Ethnicity": "a) WBRI",
                "Disability": "b) No",
                "Is the (prospective) adopter fostering for adoption?": "b) No",
                "Date enquiry received": D(2023, 9, 1),
                "Date Stage 1 started": D(2023, 9, 15),
                "Date Stage 1 ended": D(2023, 11, 15),
            },
        ),
    }
