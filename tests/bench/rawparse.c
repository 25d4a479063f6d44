/* rawparse: the benchmark baseline. Walks the same files as `djasync check`, reads and parses
 * each with tree-sitter-python, and does nothing else: djasync's cost is reported against it.
 * Usage: rawparse [-j N] PATH... */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "parse.h"
#include "source.h"
#include "walk.h"

static struct file_list files;
static atomic_size_t next_file;
static atomic_size_t total_nodes;

static void *worker(void *arg)
{
	(void)arg;
	TSParser *p = parse_parser_new();
	size_t nodes = 0;
	for (;;) {
		size_t i = atomic_fetch_add(&next_file, 1);
		if (i >= files.len)
			break;
		struct source src;
		struct diag d;
		if (source_load(&src, files.paths[i], 10u << 20, &d) != 0)
			continue;
		TSTree *t = ts_parser_parse_string(p, NULL, src.buf + src.bom, (uint32_t)(src.len - src.bom));
		nodes += ts_node_descendant_count(ts_tree_root_node(t)) > 0;
		ts_tree_delete(t);
		source_free(&src);
	}
	ts_parser_delete(p);
	atomic_fetch_add(&total_nodes, nodes);
	return NULL;
}

int main(int argc, char **argv)
{
	int jobs = 1, first = 1;
	if (argc > 2 && strcmp(argv[1], "-j") == 0) {
		jobs = atoi(argv[2]);
		first = 3;
	}
	struct report r = {0};
	struct walk_opts o = {0};
	walk_collect((const char *const *)argv + first, (size_t)(argc - first), &o, &files, &r);
	pthread_t th[64];
	if (jobs < 1 || jobs > 64)
		jobs = 1;
	for (int i = 0; i < jobs; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < jobs; i++)
		pthread_join(th[i], NULL);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("%zu files parsed; peak RSS %.1f MB\n", (size_t)atomic_load(&total_nodes),
	       (double)ru.ru_maxrss / 1024.0);
	file_list_free(&files);
	report_free(&r);
	return 0;
}
