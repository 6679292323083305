from .csv_cells import csv_safe_cell, csv_safe_row
from .dates import to_date_or_none
from .price_access import check_price_field_access, hidden_price_fields, price_safe_fetch_records
from .urls import local_path
from .request_memo import request_memo, request_memoized
