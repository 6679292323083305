from . import dealer_statement
