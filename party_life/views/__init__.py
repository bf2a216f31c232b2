"""views of the organisational-life area, one module per part (meetings, dues)."""

from party_life.views import dues, meetings

PARTS = [meetings, dues]
