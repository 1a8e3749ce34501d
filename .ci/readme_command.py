"""Print the README's Nth set-up command (1: install and answer, 2: install and test), verbatim.

CI runs exactly what a newcomer copies: the `bash` blocks under "## Set up", in order.
Standard library only: it runs before anything is installed.
"""

import re
import sys
from pathlib import Path

readme = Path(__file__).resolve().parents[1] / "README.md"
setup = readme.read_text(encoding="utf-8").split("\n## Set up", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```bash\n(.*?)\n```", setup, flags=re.S)
print(blocks[int(sys.argv[1]) - 1])
