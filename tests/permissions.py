"""Expected answers per persona, shared by the permission matrix and the area modules' rows."""

PERSONAS = ["county_admin", "area_reviewer", "secretary", "other_secretary", "chain_staff", "dept_handler"]
ALL_STAFF = dict.fromkeys(PERSONAS, 200)


def only(allowed: dict, default: int = 404) -> dict:
    return {persona: allowed.get(persona, default) for persona in PERSONAS}


# Who sees org A (in area A, under the secretary's own organisation).
ORG_A = only({"county_admin": 200, "area_reviewer": 200, "secretary": 200})
# Adding organisations needs one to add under: county staff, the area reviewer, the secretary; others 403.
CAN_ADD = only({"county_admin": 200, "area_reviewer": 200, "secretary": 200, "other_secretary": 200}, default=403)
