from . import format
from . import quantity
from . import compare
from . import price_sheet_file
