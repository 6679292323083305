from . import dealer_rollout_wave_gate
