/* rules/generic: blocking calls that are not Django's (DJA3xx): sleep, HTTP clients, file
 * I/O, subprocesses, DNS, SMTP, input(). The table maps qualified callees to rules. */
#include "rules.h"
#include "check.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const struct rule rules_generic[] = {
	{"DJA301", "blocking-sleep-in-async", SEV_WARNING, "generic",
	 "time.sleep() in async code",
	 DOC("Finds `time.sleep()` called in async code.",
	     "It blocks the event loop: every other request served by this worker waits.",
	     "    async def poll(request):\n        time.sleep(1)",
	     "    async def poll(request):\n        await asyncio.sleep(1)"),
	 2, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA302", "blocking-http-in-async", SEV_WARNING, "generic",
	 "Synchronous HTTP request (requests, httpx.Client, urlopen) in async code",
	 DOC("Finds HTTP requests made with `requests` (functions and `Session` objects), httpx's sync\n"
	     "API (`httpx.get`, `httpx.Client`) and `urllib.request.urlopen` in async code.",
	     "The request blocks the event loop for its whole round trip.",
	     "    async def rates(request):\n        data = requests.get(URL, timeout=5).json()",
	     "    async def rates(request):\n        async with httpx.AsyncClient() as client:\n"
	     "            data = (await client.get(URL, timeout=5)).json()"),
	 15, EC_LIBRARY, check_blocking_call, NULL},
	{"DJA303", "blocking-file-io-in-async", SEV_WARNING, "generic",
	 "Blocking file-system call (open, pathlib, os.path, shutil) in async code",
	 DOC("Finds `open()`, `io.open()`, `pathlib.Path` I/O methods, `os.path` and `os` file-system\n"
	     "functions, `shutil` operations, `tempfile` and `zipfile`/`tarfile` in async code, and the\n"
	     "reads, writes, iteration and `close()` of the file objects they give (also one opened in a\n"
	     "thread: `f = await asyncio.to_thread(open, p)` then `f.read()`).",
	     "Disk I/O blocks the event loop; on network file systems it can take seconds.",
	     "    async def export(request):\n        with open(path, \"w\") as f:\n            f.write(data)",
	     "    async def export(request):\n        await asyncio.to_thread(write_file, path, data)"),
	 10, EC_WRAP, check_blocking_call, "on_event (engine.c: iterating a file object)"},
	{"DJA304", "blocking-subprocess-in-async", SEV_WARNING, "generic",
	 "subprocess / os.system / os.popen in async code",
	 DOC("Finds `subprocess.run/call/check_call/check_output/Popen`, `os.system` and `os.popen` in\n"
	     "async code.",
	     "The event loop waits for the child process to finish.",
	     "    async def convert(request):\n        subprocess.run([\"convert\", src, dst], check=True)",
	     "    async def convert(request):\n        proc = await asyncio.create_subprocess_exec(\"convert\", src, dst)\n"
	     "        await proc.wait()"),
	 15, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA305", "blocking-dns-in-async", SEV_WARNING, "generic",
	 "Blocking DNS lookup (socket.getaddrinfo, gethostbyname) in async code",
	 DOC("Finds `socket.getaddrinfo`, `gethostbyname`, `gethostbyname_ex`, `gethostbyaddr`,\n"
	     "`getfqdn` and `getnameinfo` in async code.",
	     "Name resolution blocks the event loop, for seconds when a resolver is slow.",
	     "    async def check(request):\n        ip = socket.gethostbyname(host)",
	     "    async def check(request):\n        infos = await asyncio.get_running_loop().getaddrinfo(host, None)"),
	 5, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA306", "blocking-smtp-in-async", SEV_WARNING, "generic",
	 "smtplib connection or send in async code",
	 DOC("Finds `smtplib.SMTP(...)`, `smtplib.SMTP_SSL(...)` and their methods (`sendmail`,\n"
	     "`send_message`, `login`, `starttls`, `quit`) in async code.",
	     "Talking to a mail server blocks the event loop for several network round trips.",
	     "    async def notify(request):\n        with smtplib.SMTP(host) as s:\n            s.send_message(msg)",
	     "    async def notify(request):\n        await asyncio.to_thread(send_notification, msg)"),
	 15, EC_LIBRARY, check_blocking_call, NULL},
	{"DJA307", "blocking-input-in-async", SEV_WARNING, "generic",
	 "input() in async code",
	 DOC("Finds the builtin `input()` called in async code.",
	     "It blocks the event loop until a line arrives on standard input.",
	     "    async def main():\n        name = input(\"name? \")",
	     "    async def main():\n        name = await asyncio.to_thread(input, \"name? \")"),
	 5, EC_WRAP, check_blocking_call, NULL},
	{"DJA308", "blocking-future-wait-in-async", SEV_WARNING, "generic",
	 "Waiting on a concurrent.futures Future, a thread or a process pool in async code",
	 DOC("Finds `future.result()`, `future.exception()`, `concurrent.futures.wait()` and\n"
	     "`executor.shutdown()` on futures and executors from `concurrent.futures`, called in\n"
	     "async code (`executor.submit(f).result()` included), `Thread.join()` and the waiting\n"
	     "methods of `multiprocessing` pools (`map`, `starmap`, `apply`, `imap`, `join`).",
	     "Handing the work to a thread does not help if the event loop then waits for the\n"
	     "thread: the loop is blocked until the future completes.",
	     "    async def view(request):\n        value = executor.submit(load).result(timeout=5)",
	     "    async def view(request):\n        value = await asyncio.wait_for(\n"
	     "            asyncio.wrap_future(executor.submit(load)), timeout=5)"),
	 10, EC_MECHANICAL, check_blocking_call, NULL},
	{"DJA309", "blocking-network-client-in-async", SEV_WARNING, "generic",
	 "A synchronous SDK or network client (boto3, OpenAI, Stripe, Slack, pymongo, ...) in async code",
	 DOC("Finds calls of the sync clients of SDKs and network libraries in async code, by a data table\n"
	     "(analyzer/rules/sdk.c): cloud SDKs (boto3, google-cloud-storage, google-auth), LLM clients\n"
	     "(OpenAI, Anthropic, Groq, Mistral, Cohere, Ollama, litellm, Replicate, Gemini, LangChain\n"
	     "`invoke`), vector and search stores (Pinecone, Chroma, Qdrant, Elasticsearch, OpenSearch,\n"
	     "Solr), messaging (Slack, Twilio, SendGrid, Firebase, web push, Kafka, RabbitMQ), database\n"
	     "drivers used directly (psycopg, pymysql, sqlite3, pymongo, memcache), Docker, SSH, FTP,\n"
	     "IMAP, XML-RPC, SOAP, LDAP, raw sockets. A client is followed through its namespaces\n"
	     "(`client.chat.completions.create`), module variables, class attributes and returns.",
	     "Each call is a network round trip (or disk I/O) that holds the event loop for its\n"
	     "whole duration: every other request on the worker waits.",
	     "    client = OpenAI()\n\n    async def answer(request):\n"
	     "        reply = client.chat.completions.create(model=M, messages=msgs)",
	     "    client = AsyncOpenAI()\n\n    async def answer(request):\n"
	     "        reply = await client.chat.completions.create(model=M, messages=msgs)"),
	 20, EC_LIBRARY, check_blocking_call, NULL},
	{"DJA390", "configured-blocking-call-in-async", SEV_WARNING, "generic",
	 "A call the configuration names as blocking, in async code",
	 DOC("Finds the calls listed under `blocking-calls` in `[tool.djasync]` (a qualified name and its\n"
	     "suggestion), made in async code: a project's own slow clients and SDKs.",
	     "They block the event loop like any other synchronous I/O; the project said so.",
	     "    # pyproject.toml\n    [tool.djasync]\n"
	     "    blocking-calls = { \"billing.client.charge\" = \"use billing.client.acharge\" }\n\n"
	     "    async def pay(request):\n        charge(order)",
	     "    async def pay(request):\n        await acharge(order)"),
	 10, EC_WRAP, check_blocking_call, NULL},
	{0},
};

#define SLEEP "use `await asyncio.sleep(...)`"
#define HTTP "use httpx.AsyncClient: `async with httpx.AsyncClient() as client: await client.get(...)`"
#define FILEIO "run it in a thread: `await asyncio.to_thread(...)`"
#define PROC "use `await asyncio.create_subprocess_exec(...)` (or asyncio.create_subprocess_shell)"
#define DNS "use `await asyncio.get_running_loop().getaddrinfo(...)`"
#define SMTP "send from a thread: `await asyncio.to_thread(...)`, or use an async SMTP client"
#define INPUT "use `await asyncio.to_thread(input, ...)`"

const struct blocking_call generic_calls[] = {
	{"time.sleep", "DJA301", SLEEP, NULL, 0},
	/* requests: module functions and Session objects */
	{"requests.get", "DJA302", HTTP, NULL, 0},
	{"requests.post", "DJA302", HTTP, NULL, 0},
	{"requests.put", "DJA302", HTTP, NULL, 0},
	{"requests.patch", "DJA302", HTTP, NULL, 0},
	{"requests.delete", "DJA302", HTTP, NULL, 0},
	{"requests.head", "DJA302", HTTP, NULL, 0},
	{"requests.options", "DJA302", HTTP, NULL, 0},
	{"requests.request", "DJA302", HTTP, NULL, 0},
	{"requests.api.get", "DJA302", HTTP, NULL, 0},
	{"requests.api.post", "DJA302", HTTP, NULL, 0},
	{"requests.api.request", "DJA302", HTTP, NULL, 0},
	{"requests.Session.get", "DJA302", HTTP, NULL, 0},
	{"requests.Session.post", "DJA302", HTTP, NULL, 0},
	{"requests.Session.put", "DJA302", HTTP, NULL, 0},
	{"requests.Session.patch", "DJA302", HTTP, NULL, 0},
	{"requests.Session.delete", "DJA302", HTTP, NULL, 0},
	{"requests.Session.head", "DJA302", HTTP, NULL, 0},
	{"requests.Session.options", "DJA302", HTTP, NULL, 0},
	{"requests.Session.request", "DJA302", HTTP, NULL, 0},
	{"requests.Session.send", "DJA302", HTTP, NULL, 0},
	/* httpx sync API */
	{"httpx.get", "DJA302", HTTP, NULL, 0},
	{"httpx.post", "DJA302", HTTP, NULL, 0},
	{"httpx.put", "DJA302", HTTP, NULL, 0},
	{"httpx.patch", "DJA302", HTTP, NULL, 0},
	{"httpx.delete", "DJA302", HTTP, NULL, 0},
	{"httpx.head", "DJA302", HTTP, NULL, 0},
	{"httpx.options", "DJA302", HTTP, NULL, 0},
	{"httpx.request", "DJA302", HTTP, NULL, 0},
	{"httpx.stream", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.get", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.post", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.put", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.patch", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.delete", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.head", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.options", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.request", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.send", "DJA302", HTTP, NULL, 0},
	{"httpx.Client.stream", "DJA302", HTTP, NULL, 0},
	{"urllib.request.urlopen", "DJA302", HTTP, NULL, 0},
	/* files */
	/* opening gives a file object: every read, write, seek, flush and close blocks too */
	{"builtins.open", "DJA303", FILEIO, "io.IOBase", 0},
	{"io.open", "DJA303", FILEIO, "io.IOBase", 0},
	{"gzip.open", "DJA303", FILEIO, "io.IOBase", 0},
	{"bz2.open", "DJA303", FILEIO, "io.IOBase", 0},
	{"lzma.open", "DJA303", FILEIO, "io.IOBase", 0},
	{"tempfile.NamedTemporaryFile", "DJA303", FILEIO, "io.IOBase", 0},
	{"tempfile.TemporaryFile", "DJA303", FILEIO, "io.IOBase", 0},
	{"tempfile.mkdtemp", "DJA303", FILEIO, NULL, 0},
	{"tempfile.mkstemp", "DJA303", FILEIO, NULL, 0},
	{"tempfile.TemporaryDirectory", "DJA303", FILEIO, NULL, 0},
	{"zipfile.ZipFile", "DJA303", FILEIO, "zipfile.ZipFile", 0},
	{"tarfile.open", "DJA303", FILEIO, "tarfile.TarFile", 0},
	{"os.chmod", "DJA303", FILEIO, NULL, 0},
	{"os.utime", "DJA303", FILEIO, NULL, 0},
	{"os.symlink", "DJA303", FILEIO, NULL, 0},
	{"os.access", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.read_text", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.read_bytes", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.write_text", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.write_bytes", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.open", "DJA303", FILEIO, "io.IOBase", 0},
	{"pathlib.Path.exists", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.is_file", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.is_dir", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.stat", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.mkdir", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.unlink", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.rmdir", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.iterdir", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.glob", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.rglob", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.touch", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.rename", "DJA303", FILEIO, NULL, 0},
	{"pathlib.Path.replace", "DJA303", FILEIO, NULL, 0},
	{"os.path.exists", "DJA303", FILEIO, NULL, 0},
	{"os.path.lexists", "DJA303", FILEIO, NULL, 0},
	{"os.path.isfile", "DJA303", FILEIO, NULL, 0},
	{"os.path.isdir", "DJA303", FILEIO, NULL, 0},
	{"os.path.islink", "DJA303", FILEIO, NULL, 0},
	{"os.path.ismount", "DJA303", FILEIO, NULL, 0},
	{"os.path.getsize", "DJA303", FILEIO, NULL, 0},
	{"os.path.getmtime", "DJA303", FILEIO, NULL, 0},
	{"os.path.getatime", "DJA303", FILEIO, NULL, 0},
	{"os.path.getctime", "DJA303", FILEIO, NULL, 0},
	{"os.path.samefile", "DJA303", FILEIO, NULL, 0},
	{"os.listdir", "DJA303", FILEIO, NULL, 0},
	{"os.scandir", "DJA303", FILEIO, NULL, 0},
	{"os.walk", "DJA303", FILEIO, NULL, 0},
	{"os.remove", "DJA303", FILEIO, NULL, 0},
	{"os.unlink", "DJA303", FILEIO, NULL, 0},
	{"os.rmdir", "DJA303", FILEIO, NULL, 0},
	{"os.mkdir", "DJA303", FILEIO, NULL, 0},
	{"os.makedirs", "DJA303", FILEIO, NULL, 0},
	{"os.rename", "DJA303", FILEIO, NULL, 0},
	{"os.replace", "DJA303", FILEIO, NULL, 0},
	{"os.stat", "DJA303", FILEIO, NULL, 0},
	{"shutil.copy", "DJA303", FILEIO, NULL, 0},
	{"shutil.copy2", "DJA303", FILEIO, NULL, 0},
	{"shutil.copyfile", "DJA303", FILEIO, NULL, 0},
	{"shutil.copyfileobj", "DJA303", FILEIO, NULL, 0},
	{"shutil.copytree", "DJA303", FILEIO, NULL, 0},
	{"shutil.rmtree", "DJA303", FILEIO, NULL, 0},
	{"shutil.move", "DJA303", FILEIO, NULL, 0},
	{"shutil.make_archive", "DJA303", FILEIO, NULL, 0},
	{"shutil.unpack_archive", "DJA303", FILEIO, NULL, 0},
	{"shutil.disk_usage", "DJA303", FILEIO, NULL, 0},
	/* processes */
	{"subprocess.run", "DJA304", PROC, NULL, 0},
	{"subprocess.call", "DJA304", PROC, NULL, 0},
	{"subprocess.check_call", "DJA304", PROC, NULL, 0},
	{"subprocess.check_output", "DJA304", PROC, NULL, 0},
	/* Popen() starts the child (fork/exec, as asyncio's own subprocess support does on the loop):
	 * waiting for it is what blocks */
	{"subprocess.Popen.wait", "DJA304", PROC, NULL, 0},
	{"subprocess.Popen.communicate", "DJA304", PROC, NULL, 0},
	{"subprocess.getoutput", "DJA304", PROC, NULL, 0},
	{"subprocess.getstatusoutput", "DJA304", PROC, NULL, 0},
	{"os.system", "DJA304", PROC, NULL, 0},
	{"os.popen", "DJA304", PROC, NULL, 0},
	/* libraries that run a program and wait for it */
	{"pdf2image.convert_from_path", "DJA304", PROC, NULL, 0},
	{"pdf2image.convert_from_bytes", "DJA304", PROC, NULL, 0},
	{"pdf2image.pdf2image.convert_from_path", "DJA304", PROC, NULL, 0},
	{"pdf2image.pdf2image.convert_from_bytes", "DJA304", PROC, NULL, 0},
	{"pdf2image.pdfinfo_from_path", "DJA304", PROC, NULL, 0},
	{"pdf2image.pdfinfo_from_bytes", "DJA304", PROC, NULL, 0},
	/* DNS */
	{"socket.getaddrinfo", "DJA305", DNS, NULL, 0},
	{"socket.gethostbyname", "DJA305", DNS, NULL, 0},
	{"socket.gethostbyname_ex", "DJA305", DNS, NULL, 0},
	{"socket.gethostbyaddr", "DJA305", DNS, NULL, 0},
	{"socket.getfqdn", "DJA305", DNS, NULL, 0},
	{"socket.getnameinfo", "DJA305", DNS, NULL, 0},
	/* SMTP: connecting in the constructor and every command after it */
	{"smtplib.SMTP", "DJA306", SMTP, "smtplib.SMTP", 0},
	{"smtplib.SMTP_SSL", "DJA306", SMTP, "smtplib.SMTP", 0},
	{"smtplib.LMTP", "DJA306", SMTP, "smtplib.SMTP", 0},
	{"smtplib.SMTP.connect", "DJA306", SMTP, NULL, 0},
	{"smtplib.SMTP.login", "DJA306", SMTP, NULL, 0},
	{"smtplib.SMTP.starttls", "DJA306", SMTP, NULL, 0},
	{"smtplib.SMTP.sendmail", "DJA306", SMTP, NULL, 0},
	{"smtplib.SMTP.send_message", "DJA306", SMTP, NULL, 0},
	{"smtplib.SMTP.ehlo", "DJA306", SMTP, NULL, 0},
	{"smtplib.SMTP.quit", "DJA306", SMTP, NULL, 0},
	{"builtins.input", "DJA307", INPUT, NULL, 0},
#define FUTURE "use `await asyncio.wrap_future(future)` (or `await loop.run_in_executor(executor, ...)`)"
	{"concurrent.futures.Future.result", "DJA308", FUTURE, NULL, 0},
	{"concurrent.futures.Future.exception", "DJA308", FUTURE, NULL, 0},
	{"concurrent.futures.wait", "DJA308", "use `await asyncio.wait([asyncio.wrap_future(f) for f in futures])`", NULL, 0},
	{"concurrent.futures.Executor.shutdown", "DJA308", "call `executor.shutdown(wait=False)`, or "
	 "`await asyncio.to_thread(executor.shutdown)`", NULL, 0},
#define JOIN "wait in a thread: `await asyncio.to_thread(...)` (or run the work with `await asyncio.to_thread(f)`)"
	{"threading.Thread.join", "DJA308", JOIN, NULL, 0},
	{"multiprocessing.pool.Pool.map", "DJA308", JOIN, NULL, 0},
	{"multiprocessing.pool.Pool.starmap", "DJA308", JOIN, NULL, 0},
	{"multiprocessing.pool.Pool.apply", "DJA308", JOIN, NULL, 0},
	{"multiprocessing.pool.Pool.imap", "DJA308", JOIN, NULL, 0},
	{"multiprocessing.pool.Pool.imap_unordered", "DJA308", JOIN, NULL, 0},
	{"multiprocessing.pool.Pool.join", "DJA308", JOIN, NULL, 0},
	{0},
};

/* Constructors that only build an object; its methods are what block. */
static const char *const blocking_classes[][2] = {
	{"requests.Session", "requests.Session"},
	{"requests.session", "requests.Session"},
	{"requests.sessions.Session", "requests.Session"},
	{"httpx.Client", "httpx.Client"},
	{"pathlib.Path", "pathlib.Path"},
	{"pathlib.PosixPath", "pathlib.Path"},
	{"pathlib.WindowsPath", "pathlib.Path"},
	/* paths made from paths (no I/O of their own) */
	{"pathlib.Path.parent", "pathlib.Path"},
	{"pathlib.Path.joinpath", "pathlib.Path"},
	{"pathlib.Path.with_name", "pathlib.Path"},
	{"pathlib.Path.with_suffix", "pathlib.Path"},
	{"pathlib.Path.with_stem", "pathlib.Path"},
	{"pathlib.Path.expanduser", "pathlib.Path"},
	{"pathlib.Path.absolute", "pathlib.Path"},
	{"pathlib.Path.resolve", "pathlib.Path"},
	{"concurrent.futures.ThreadPoolExecutor", "concurrent.futures.Executor"},
	{"concurrent.futures.ProcessPoolExecutor", "concurrent.futures.Executor"},
	{"concurrent.futures.thread.ThreadPoolExecutor", "concurrent.futures.Executor"},
	{"concurrent.futures.process.ProcessPoolExecutor", "concurrent.futures.Executor"},
	{"concurrent.futures.Executor.submit", "concurrent.futures.Future"},
	{"threading.Thread", "threading.Thread"},
	{"multiprocessing.Pool", "multiprocessing.pool.Pool"},
	{"multiprocessing.pool.Pool", "multiprocessing.pool.Pool"},
	{"multiprocessing.pool.ThreadPool", "multiprocessing.pool.Pool"},
	{"subprocess.Popen", "subprocess.Popen"},
	{NULL, NULL},
};

/* File objects and archives: every method touches the file but those that only report state. */
static const char *const file_quiet[] = {
	"name", "mode", "closed", "encoding", "errors", "newlines", "fileno", "isatty", "readable",
	"writable", "seekable", "filename", NULL,
};
const struct blocking_class_rule generic_any_method[] = {
	{"io.IOBase", "DJA303", FILEIO, file_quiet, NULL, 0},
	{"zipfile.ZipFile", "DJA303", FILEIO, file_quiet, NULL, 0},
	{"tarfile.TarFile", "DJA303", FILEIO, file_quiet, NULL, 0},
	{NULL, NULL, NULL, NULL, NULL, 0},
};

/* Every external call is looked up here: hash maps built once, not linear scans. */
static struct strmap calls_by_qual, classes_by_qual;
static pthread_once_t maps_once = PTHREAD_ONCE_INIT;

/* Values: index into the generic table, or DJANGO_BIT / SDK_BIT | index into the Django or the
 * SDK one (rules/sdk.c). A name in two tables is a bug: test_registry checks. */
#define DJANGO_BIT (1ll << 32)
#define SDK_BIT (1ll << 33)
#define ROW_INDEX(i) ((size_t)((i) & 0xffffffff))

static void maps_init(void)
{
	for (size_t i = 0; generic_calls[i].qual; i++)
		strmap_put(&calls_by_qual, generic_calls[i].qual, (int64_t)i);
	for (size_t i = 0; django_calls[i].qual; i++)
		strmap_put(&calls_by_qual, django_calls[i].qual, DJANGO_BIT | (int64_t)i);
	for (size_t i = 0; sdk_calls[i].qual; i++)
		strmap_put(&calls_by_qual, sdk_calls[i].qual, SDK_BIT | (int64_t)i);
	for (size_t i = 0; blocking_classes[i][0]; i++)
		strmap_put(&classes_by_qual, blocking_classes[i][0], (int64_t)i);
	for (size_t i = 0; django_classes[i][0]; i++)
		strmap_put(&classes_by_qual, django_classes[i][0], DJANGO_BIT | (int64_t)i);
	for (size_t i = 0; sdk_classes[i][0]; i++)
		strmap_put(&classes_by_qual, sdk_classes[i][0], SDK_BIT | (int64_t)i);
}

static struct strmap packages;
static pthread_once_t packages_once = PTHREAD_ONCE_INIT;

static void package_put(const char *qual)
{
	char top[128];
	size_t n = strcspn(qual, ".");
	if (qual[0] == '<' || n == 0 || n >= sizeof top)
		return;
	memcpy(top, qual, n);
	top[n] = 0;
	if (strmap_get(&packages, top, -1) < 0)
		strmap_put(&packages, xstrdup(top), 1); /* kept for the process's lifetime */
}

static void packages_init(void)
{
	const struct blocking_call *const calls[] = {generic_calls, django_calls, sdk_calls, NULL};
	for (size_t t = 0; calls[t]; t++)
		for (const struct blocking_call *b = calls[t]; b->qual; b++)
			package_put(b->qual);
	for (size_t i = 0; blocking_classes[i][0]; i++)
		package_put(blocking_classes[i][0]);
	for (size_t i = 0; django_classes[i][0]; i++)
		package_put(django_classes[i][0]);
	for (size_t i = 0; sdk_classes[i][0]; i++)
		package_put(sdk_classes[i][0]);
	const struct blocking_class_rule *const anys[] = {django_any_method, generic_any_method, sdk_any_method, NULL};
	for (size_t t = 0; anys[t]; t++)
		for (const struct blocking_class_rule *r = anys[t]; r->qual; r++)
			package_put(r->qual);
}

int tables_know_package(const char *top)
{
	pthread_once(&packages_once, packages_init);
	return strmap_get(&packages, top, -1) >= 0;
}

const struct blocking_call *blocking_find(const char *qual)
{
	pthread_once(&maps_once, maps_init);
	int64_t i = strmap_get(&calls_by_qual, qual, -1);
	if (i < 0)
		return NULL;
	return i & DJANGO_BIT ? &django_calls[ROW_INDEX(i)] : i & SDK_BIT ? &sdk_calls[ROW_INDEX(i)] : &generic_calls[i];
}

const char *blocking_class(const char *qual)
{
	pthread_once(&maps_once, maps_init);
	int64_t i = strmap_get(&classes_by_qual, qual, -1);
	if (i >= 0)
		return i & DJANGO_BIT ? django_classes[ROW_INDEX(i)][1]
		       : i & SDK_BIT  ? sdk_classes[ROW_INDEX(i)][1]
				      : blocking_classes[i][1];
	const struct blocking_call *b = blocking_find(qual);
	return b ? b->returns : NULL;
}

/* Whether method `m` of a client of row `r` blocks: not quiet, not an async twin (`create_async`,
 * `async_run`: they return awaitables), and named by `blocks` when the row has the list. */
int sdk_method_blocks(const struct blocking_class_rule *r, const char *m)
{
	if (str_in(m, r->quiet) >= 0 || str_has_suffix(m, "_async") || str_has_prefix(m, "async_"))
		return 0;
	return !r->blocks || str_in(m, r->blocks) >= 0;
}

const struct blocking_class_rule *blocking_any_method(const char *qual)
{
	static const struct blocking_class_rule *const tables[] = {django_any_method, generic_any_method,
								    sdk_any_method, NULL};
	for (size_t t = 0; tables[t]; t++)
		for (const struct blocking_class_rule *r = tables[t]; r->qual; r++)
			if (strcmp(r->qual, qual) == 0)
				return r;
	return NULL;
}

/* --- checks ------------------------------------------------------------------------------- */

/* The client library of a blocking call of a library rule (EC_LIBRARY): the top package of its
 * qualified name, among those the estimate prices. */
static const char *library_of(const char *qual, const char *rule_id)
{
	const struct rule *r = rule_find(rule_id);
	if (!qual || !r || r->effort != EC_LIBRARY)
		return NULL;
	return library_of_qual(qual);
}

/* Every rule of a blocking-call table (DJA2xx, DJA3xx, DJA390 from the configuration): a call
 * the tables name, on the event loop.
 *     time.sleep(1)                      # DJA301
 *     requests.get(url)                  # DJA302
 *     cache.get("k")                     # DJA203 (not on a LocMem or Dummy alias) */
/* `client.post = mocker.Mock(...)` earlier in the function: `client.post(...)` calls what was
 * assigned, not the library's method. */
static int method_replaced(struct ctx *c, const struct event *ev)
{
	const struct ex *fn = X(c, X(c, ev->ex)->a);
	if (fn->kind != EX_ATTR || X(c, fn->a)->kind != EX_NAME || ev->scope < 0)
		return 0;
	const char *base = S(c, X(c, fn->a)->str), *m = S(c, fn->str);
	const struct scope_events *se = ty_scope_events(c->rm, c->s, c->sum);
	for (size_t i = se->first[ev->scope]; i < se->first[ev->scope + 1]; i++) {
		const struct event *a = &c->s->ev.items[se->ev[i]];
		if (a->kind != EV_ASSIGN || a->target < 0 || X(c, a->target)->kind != EX_ATTR ||
		    a->sp.line > ev->sp.line || (a->sp.line == ev->sp.line && a->sp.col >= ev->sp.col))
			continue;
		const struct ex *t = X(c, a->target);
		if (strcmp(S(c, t->str), m) == 0 && X(c, t->a)->kind == EX_NAME && strcmp(S(c, X(c, t->a)->str), base) == 0)
			return 1;
	}
	return 0;
}

/* Whether call event `ev` is the context manager of a `with` statement. */
static int with_item(const struct ctx *c, const struct event *ev)
{
	for (size_t i = 0; i < c->s->ev.len; i++)
		if (c->s->ev.items[i].kind == EV_WITH && c->s->ev.items[i].ex == ev->ex)
			return 1;
	return 0;
}

void check_blocking_call(struct ctx *c, const struct event *ev, const struct call *k, const struct rule *r)
{
	const char *rule = r->id;
	if (ty_memory_backend(c, rule, k->recv_ex) || method_replaced(c, ev))
		return;
	if (k->blk && strcmp(k->blk->qual, "django.db.transaction.atomic") == 0 && !with_item(c, ev))
		return; /* `atomic = transaction.atomic()` builds the object; entering it opens the
			 * transaction (often through `await sync_to_async(atomic.__enter__)()`) */
	if ((ev->flags & EVF_AWAITED) && (k->anym || strcmp(rule, "DJA309") == 0))
		return; /* `await client.x.create()`: the client is an async one, whatever its name said */
	if ((ev->flags & EVF_AWAITED) && strcmp(rule, "DJA213") == 0)
		return; /* `await serializer.save()`: it returns the awaitable of an async create() */
	char *callee = eng_render(c, X(c, ev->ex)->a);
	char *what = xasprintf("`%s()`", callee);
	const char *fix = k->extra >= 0 ? c->o->extra_fixes[k->extra] : k->anym ? k->anym->fix : k->blk->fix;
	int since = k->extra >= 0 || k->anym ? 0 : k->blk->since;
	char *sg;
	if (since && c->o->django_version < since) {
		char *need = eng_version_text(since);
		sg = xasprintf("wrap it: `await sync_to_async(%s)(...)` (the async API needs Django %s)", callee, need);
		free(need);
	} else {
		sg = xstrdup(fix);
	}
	struct fix fx = {!(since && c->o->django_version < since) && str_has_prefix(fix, "use `"),
			 library_of(k->anym ? k->anym->qual : k->blk ? k->blk->qual : NULL, rule), NULL};
	eng_emit(c, ev, &ev->sp, rule, k->conf, fx, what, xasprintf("`%s()` blocks the event loop", callee), sg);
	free(what);
	free(callee);
}
