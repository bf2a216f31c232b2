"""views of the organisational-life area, one module per part (meetings, dues)."""

from party_life.views import dues, dues_flows, groups, meetings, photos

PARTS = [meetings, photos, groups, dues, dues_flows]
