from . import report_rollout_summary
