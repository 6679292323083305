from . import format
from . import quantity
from . import price_sheet_file
