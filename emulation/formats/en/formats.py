"""English keeps the Vietnamese dd/mm/yyyy dates; only the number separators differ."""

from emulation.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
