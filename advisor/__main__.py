"""`python -m advisor`: the command line."""

import os
import sys

# The CLI scores big files on its own threads, one per core; BLAS threads on top of those only
# spin and compete for the same cores (a 1,000,000-row batch: 0.3 s slower, 1 s more CPU). Set
# before numpy loads; anyone who wants BLAS threads can still set the variable themselves.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from advisor.cli import main

sys.exit(main())
