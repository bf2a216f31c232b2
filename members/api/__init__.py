"""api of the members area, one module per part (people, certification, selections)."""
