from . import test_intake_email
from . import test_intake_whatsapp
from . import test_intake_hostile_input
from . import test_intake_email_confirmation
from . import test_intake_identity
from . import test_intake_expiry
from . import test_dealer_admin_identity
from . import test_intake_edi
