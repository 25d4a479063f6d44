/* rules/source: findings about the file itself rather than its async code: a file that does
 * not parse (DJA001; phase 1 records the parser's first error in the summary, facts.c) and a
 * suppression comment that silences nothing (DJA002). The scan reports both as findings, so
 * that they reach every output format and the exit status, as any finding does. */
#include "rules.h"

const struct rule rules_source[] = {
	{"DJA001", "syntax-error", SEV_ERROR, "syntax",
	 "The file does not parse as Python: findings after the error may be missing",
	 DOC("Reports the first place where a Python file does not parse. The parts that parse are\n"
	     "still analyzed, so the file's other findings are reported as usual.",
	     "The code around the error is not analyzed: blocking calls there go unreported, and\n"
	     "the file would not run anyway.",
	     "    async def feed(request):\n        items = [i for i in range(3)\n        return items",
	     "    async def feed(request):\n        items = [i for i in range(3)]\n        return items"),
	 5, EC_WRAP, NULL, "scan.c (phase1_file: the parser's first error, from facts.c)"},
	{"DJA002", "unused-noqa", SEV_WARNING, "suppression",
	 "A `# noqa: DJA...` or `# djasync: ignore[...]` code that silences nothing on its line",
	 DOC("Reports the djasync codes of a `# noqa: ...` or `# djasync: ignore[...]` comment that\n"
	     "silence no finding on that line: a code that is no rule (`DJA999`, a typo), or a\n"
	     "rule that has no finding there (the code was fixed, or the comment is on the wrong\n"
	     "line of a statement: a finding is silenced on its first line). A bare `# noqa` and\n"
	     "other tools' codes (`E501`) are left alone.",
	     "A stale suppression hides the next real finding on that line, and a typo silences\n"
	     "nothing while looking as if it did.",
	     "    book = await Book.objects.aget(pk=pk)  # noqa: DJA101",
	     "    book = await Book.objects.aget(pk=pk)"),
	 1, EC_MECHANICAL, NULL, "scan.c (apply_suppressions: the codes no finding used)"},
	{0},
};
