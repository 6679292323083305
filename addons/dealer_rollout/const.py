"""Constants of the roll-out addon (import them from here, never from a
models module)."""

# Wave states in which the wave's dealers order on the portal: the pilot is the
# first, observed group; live is everyone of the wave.
WAVE_OPEN_STATES = ("pilot", "live")

# The pipeline issue of a dealer whose wave has not opened ordering yet.
ISSUE_ORDERING_NOT_OPEN = "ordering_not_open"

# The dealer portal role new users invited by a wave get, so they can order.
WAVE_INVITE_ROLES = ("order_desk",)

# The channels a roll-out wave opens: the dealer ordering by itself on the
# portal (or its API).
PORTAL_CHANNELS = ("portal", "api")
# The informal channels a dealer's own user orders through (the intake
# submits as that user): open before go-live, like the phone, since they are
# how the dealer orders until then.
INFORMAL_CHANNELS = ("email", "whatsapp")
