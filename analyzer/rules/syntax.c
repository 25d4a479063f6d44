/* rules/syntax: a file that does not parse (DJA001). Phase 1 records the parser's first error
 * in the summary (facts.c); the scan reports it as a finding, so that it reaches every output
 * format and the exit status, as any finding does. */
#include "rules.h"

const struct rule rules_syntax[] = {
	{"DJA001", "syntax-error", SEV_ERROR, "syntax",
	 "The file does not parse as Python: findings after the error may be missing",
	 DOC("Reports the first place where a Python file does not parse. The parts that parse are\n"
	     "still analyzed, so the file's other findings are reported as usual.",
	     "The code around the error is not analyzed: blocking calls there go unreported, and\n"
	     "the file would not run anyway.",
	     "    async def feed(request):\n        items = [i for i in range(3)\n        return items",
	     "    async def feed(request):\n        items = [i for i in range(3)]\n        return items"),
	 5, EC_WRAP, NULL, "scan.c (phase1_file: the parser's first error, from facts.c)"},
	{0},
};
