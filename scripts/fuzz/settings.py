"""Bounds shared by the fuzz tests. FUZZ_EXAMPLES scales every test (the CI default is small and
fixed-seed; `FUZZ_EXAMPLES=5000 scripts/fuzz/run.sh` is the long run)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

# Examples in the whole run, split among the tests by their weight.
TOTAL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "600"))
SHRINK = os.environ.get("FUZZ_SHRINK", "0") == "1"


def fuzz_settings(share: float) -> settings:
    """Fixed-seed settings with `share` of the total examples (at least 5)."""
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if SHRINK else [])
    return settings(
        max_examples=max(5, int(TOTAL_EXAMPLES * share)),
        derandomize=True, database=None, deadline=None, phases=phases,
        suppress_health_check=list(HealthCheck), print_blob=False,
    )
