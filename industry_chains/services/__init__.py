"""services of the industry-chains area, one module per part (committees, duty, tickets, service)."""
