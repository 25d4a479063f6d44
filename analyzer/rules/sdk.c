/* rules/sdk: the data table of SDK clients and network libraries (DJA309, and DJA302/DJA305
 * for HTTP and DNS libraries): one row per client class, factory or function, what it blocks
 * on (in the fix text) and the async alternative when there is one.
 *
 *     client = OpenAI()                                   # sdk_classes: a client
 *     client.chat.completions.create(...)                 # sdk_any_method: every call blocks
 *     s3 = boto3.client("s3"); s3.put_object(...)         # a factory's client
 *     stripe.Customer.create(email=e)                     # sdk_calls: a function
 *
 * A client's type follows its namespaces (`deep`): attributes, items, calls that do not block.
 * Methods that only build objects or read local state are `quiet`. */
#include "rules.h"

#include <string.h>

#include "util.h"

/* qualified-name prefix -> the library the estimate prices, and what replaces it */
static const char *const sdk_packages[][3] = {
	{"boto3", "boto3", "aioboto3 (or aiobotocore)"},
	{"botocore", "botocore", "aiobotocore"},
	{"openai", "openai", "openai.AsyncOpenAI"},
	{"anthropic", "anthropic", "anthropic.AsyncAnthropic"},
	{"groq", "groq", "groq.AsyncGroq"},
	{"together", "together", "together.AsyncTogether"},
	{"mistralai", "mistralai", "mistralai's `*_async` methods"},
	{"cohere", "cohere", "cohere.AsyncClientV2"},
	{"ollama", "ollama", "ollama.AsyncClient"},
	{"litellm", "litellm", "litellm.acompletion / aembedding"},
	{"replicate", "replicate", "replicate.async_run"},
	{"huggingface_hub", "huggingface_hub", "huggingface_hub.AsyncInferenceClient"},
	{"google.generativeai", "google-generativeai", "generate_content_async"},
	{"google.genai", "google-genai", "client.aio"},
	{"langchain", "langchain", "ainvoke / abatch / astream"},
	{"langchain_openai", "langchain", "ainvoke / abatch / astream"},
	{"langchain_anthropic", "langchain", "ainvoke / abatch / astream"},
	{"langchain_community", "langchain", "ainvoke / abatch / astream"},
	{"langchain_google_genai", "langchain", "ainvoke / abatch / astream"},
	{"langchain_ollama", "langchain", "ainvoke / abatch / astream"},
	{"langchain_groq", "langchain", "ainvoke / abatch / astream"},
	{"langchain_mistralai", "langchain", "ainvoke / abatch / astream"},
	{"langchain_aws", "langchain", "ainvoke / abatch / astream"},
	{"pinecone", "pinecone", "pinecone.PineconeAsyncio"},
	{"chromadb", "chromadb", "chromadb.AsyncHttpClient"},
	{"qdrant_client", "qdrant-client", "qdrant_client.AsyncQdrantClient"},
	{"slack_sdk", "slack_sdk", "slack_sdk.web.async_client.AsyncWebClient"},
	{"slack", "slack_sdk", "slack_sdk.web.async_client.AsyncWebClient"},
	{"stripe", "stripe", "stripe's `*_async` methods"},
	{"twilio", "twilio", "twilio's AsyncTwilioHttpClient"},
	{"sendgrid", "sendgrid", "an async HTTP client for the v3 API"},
	{"tweepy", "tweepy", "tweepy.asynchronous.AsyncClient"},
	{"elasticsearch_dsl", "elasticsearch-dsl", "elasticsearch_dsl.AsyncSearch"},
	{"elasticsearch", "elasticsearch", "elasticsearch.AsyncElasticsearch"},
	{"opensearchpy", "opensearch-py", "opensearchpy.AsyncOpenSearch"},
	{"pysolr", "pysolr", "a worker thread (pysolr has no async client)"},
	{"pymongo", "pymongo", "pymongo.AsyncMongoClient (or motor)"},
	{"psycopg2", "psycopg2", "psycopg.AsyncConnection"},
	{"psycopg", "psycopg", "psycopg.AsyncConnection"},
	{"pymysql", "pymysql", "aiomysql"},
	{"MySQLdb", "mysqlclient", "aiomysql"},
	{"mysql.connector", "mysql-connector", "aiomysql"},
	{"sqlite3", "sqlite3", "aiosqlite"},
	{"pymemcache", "pymemcache", "aiomcache"},
	{"memcache", "python-memcached", "aiomcache"},
	{"docker", "docker", "aiodocker"},
	{"paramiko", "paramiko", "asyncssh"},
	{"ftplib", "ftplib", "aioftp"},
	{"imaplib", "imaplib", "aioimaplib"},
	{"xmlrpc", "xmlrpc", "a worker thread (no async XML-RPC client in the standard library)"},
	{"zeep", "zeep", "zeep.AsyncClient"},
	{"ldap3", "ldap3", "a worker thread"},
	{"google.cloud.storage", "google-cloud-storage", "gcloud-aio-storage"},
	{"google.auth", "google-auth", "a worker thread"},
	{"google.oauth2", "google-auth", "a worker thread"},
	{"googleapiclient", "google-api-python-client", "aiogoogle"},
	{"firebase_admin", "firebase-admin", "a worker thread"},
	{"pywebpush", "pywebpush", "a worker thread"},
	{"pika", "pika", "aio-pika"},
	{"kombu", "kombu", "a worker thread"},
	{"kafka", "kafka-python", "aiokafka"},
	{"confluent_kafka", "confluent-kafka", "confluent_kafka.aio"},
	{"minio", "minio", "miniopy-async"},
	{"qcloud_cos", "cos-python-sdk-v5", "a worker thread"},
	{"sts", "qcloud-python-sts", "a worker thread"},
	{"geopy", "geopy", "geopy's AioHTTPAdapter"},
	{"yt_dlp", "yt-dlp", "a worker thread"},
	{"whois", "python-whois", "a worker thread"},
	{"dns", "dnspython", "dns.asyncresolver"},
	{"socket", "socket", "asyncio streams (`asyncio.open_connection`)"},
	{"http.client", "http.client", "httpx.AsyncClient"},
	{"urllib3", "urllib3", "httpx.AsyncClient"},
	{"requests_oauthlib", "requests-oauthlib", "authlib's AsyncOAuth2Client"},
	/* the client types of the table that stand for several libraries */
	{"<dbapi>", "DB-API driver", "an async driver (aiosqlite, psycopg.AsyncConnection, aiomysql)"},
	{"<sqlite>", "sqlite3", "aiosqlite"},
	{"<langchain>", "langchain", "ainvoke / abatch / astream"},
	{NULL, NULL, NULL},
};

#define NET "run it in a worker thread: `await asyncio.to_thread(...)`"
#define OPENAI "use `openai.AsyncOpenAI` and `await` the same call"
#define ANTHROPIC "use `anthropic.AsyncAnthropic` and `await` the same call"
#define BOTO "use aioboto3 / aiobotocore, or `await asyncio.to_thread(...)`"
#define STRIPE "use the `_async` twin (`await stripe.Customer.create_async(...)`), or a worker thread"
#define LANGCHAIN "use the async twin: `await chain.ainvoke(...)` (abatch, astream, aembed_*)"
#define DNSFIX "use `await dns.asyncresolver.resolve(...)`"
#define HTTPFIX "use httpx.AsyncClient: `async with httpx.AsyncClient() as client: await client.get(...)`"
#define DB "run the query in a worker thread (`await asyncio.to_thread(...)`), or use an async driver"

const struct blocking_call sdk_calls[] = {
	/* constructors and factories that connect, authenticate or read files themselves */
	{"google.cloud.storage.Client", "DJA309", NET " (the constructor looks up credentials: files, the "
	 "metadata server)", "google.cloud.storage.Client", 0},
	{"google.auth.default", "DJA309", NET " (reads credential files, may ask the metadata server)", NULL, 0},
	{"google.oauth2.service_account.Credentials.from_service_account_file", "DJA309", NET,
	 "google.oauth2.service_account.Credentials", 0},
	{"pika.BlockingConnection", "DJA309", "use aio-pika, or a worker thread", "pika.BlockingConnection", 0},
	{"pika.BlockingConnection.channel", "DJA309", "use aio-pika, or a worker thread", "pika.BlockingChannel", 0},
	{"zeep.Client", "DJA309", "use `zeep.AsyncClient` (the WSDL is still loaded synchronously: build it once, "
	 "at start-up)", "zeep.Client", 0},
	{"imaplib.IMAP4", "DJA309", NET, "imaplib.IMAP4", 0},
	{"imaplib.IMAP4_SSL", "DJA309", NET, "imaplib.IMAP4", 0},
	{"psycopg2.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"psycopg.connect", "DJA309", "use `await psycopg.AsyncConnection.connect(...)`", "<dbapi>.Connection", 0},
	{"psycopg.Connection.connect", "DJA309", "use `await psycopg.AsyncConnection.connect(...)`",
	 "<dbapi>.Connection", 0},
	{"pymysql.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"MySQLdb.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"mysql.connector.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"sqlite3.connect", "DJA309", "use aiosqlite, or a worker thread", "<sqlite>.Connection", 0},
	{"oracledb.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"cx_Oracle.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"pyodbc.connect", "DJA309", DB, "<dbapi>.Connection", 0},
	{"socket.create_connection", "DJA309", "use `await asyncio.open_connection(...)`", "socket.socket", 0},
	/* module-level API calls */
#define OPENAI_MOD(path) {"openai." path, "DJA309", OPENAI, NULL, 0}
	OPENAI_MOD("ChatCompletion.create"), OPENAI_MOD("Completion.create"), OPENAI_MOD("Embedding.create"),
	OPENAI_MOD("Image.create"), OPENAI_MOD("Moderation.create"), OPENAI_MOD("Audio.transcribe"),
	OPENAI_MOD("chat.completions.create"), OPENAI_MOD("completions.create"), OPENAI_MOD("embeddings.create"),
	OPENAI_MOD("images.generate"), OPENAI_MOD("moderations.create"), OPENAI_MOD("audio.transcriptions.create"),
	OPENAI_MOD("audio.speech.create"), OPENAI_MOD("models.list"), OPENAI_MOD("files.create"),
	OPENAI_MOD("responses.create"),
#define LITELLM(f, a) {"litellm." f, "DJA309", "use `await litellm." a "(...)`", NULL, 0}
	LITELLM("completion", "acompletion"), LITELLM("embedding", "aembedding"),
	LITELLM("text_completion", "atext_completion"), LITELLM("image_generation", "aimage_generation"),
	LITELLM("transcription", "atranscription"),
#define OLLAMA(f) {"ollama." f, "DJA309", "use `ollama.AsyncClient` and `await` the same call", NULL, 0}
	OLLAMA("chat"), OLLAMA("generate"), OLLAMA("embeddings"), OLLAMA("embed"), OLLAMA("pull"),
	OLLAMA("list"), OLLAMA("show"),
	{"replicate.run", "DJA309", "use `await replicate.async_run(...)`", NULL, 0},
	{"replicate.stream", "DJA309", "use `async for event in await replicate.async_stream(...)`", NULL, 0},
	{"replicate.models.get", "DJA309", NET, NULL, 0},
	{"replicate.predictions.create", "DJA309", "use `await replicate.predictions.async_create(...)`", NULL, 0},
	{"replicate.predictions.get", "DJA309", "use `await replicate.predictions.async_get(...)`", NULL, 0},
	{"google.generativeai.embed_content", "DJA309", "use `await genai.embed_content_async(...)`", NULL, 0},
	{"google.generativeai.list_models", "DJA309", NET, NULL, 0},
	{"google.generativeai.upload_file", "DJA309", NET, NULL, 0},
	{"huggingface_hub.hf_hub_download", "DJA309", NET, NULL, 0},
	{"huggingface_hub.snapshot_download", "DJA309", NET, NULL, 0},
#define STRIPE_RES(r) \
	{"stripe." r ".create", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".retrieve", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".modify", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".delete", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".list", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".search", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".cancel", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".confirm", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".capture", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".pay", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".attach", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".detach", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".expire", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".finalize_invoice", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".void_invoice", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".send_invoice", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".upcoming", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".list_line_items", "DJA309", STRIPE, NULL, 0}, \
	{"stripe." r ".create_reversal", "DJA309", STRIPE, NULL, 0}, {"stripe." r ".resume", "DJA309", STRIPE, NULL, 0}
	STRIPE_RES("Account"), STRIPE_RES("ApplicationFee"), STRIPE_RES("Balance"),
	STRIPE_RES("BalanceTransaction"), STRIPE_RES("Charge"), STRIPE_RES("Coupon"), STRIPE_RES("CreditNote"),
	STRIPE_RES("Customer"), STRIPE_RES("Dispute"), STRIPE_RES("Event"), STRIPE_RES("File"),
	STRIPE_RES("Invoice"), STRIPE_RES("InvoiceItem"), STRIPE_RES("Mandate"), STRIPE_RES("PaymentIntent"),
	STRIPE_RES("PaymentLink"), STRIPE_RES("PaymentMethod"), STRIPE_RES("Payout"), STRIPE_RES("Plan"),
	STRIPE_RES("Price"), STRIPE_RES("Product"), STRIPE_RES("PromotionCode"), STRIPE_RES("Quote"),
	STRIPE_RES("Refund"), STRIPE_RES("SetupIntent"), STRIPE_RES("Source"), STRIPE_RES("Subscription"),
	STRIPE_RES("SubscriptionItem"), STRIPE_RES("SubscriptionSchedule"), STRIPE_RES("TaxRate"),
	STRIPE_RES("Token"), STRIPE_RES("Topup"), STRIPE_RES("Transfer"), STRIPE_RES("WebhookEndpoint"),
	STRIPE_RES("checkout.Session"), STRIPE_RES("billing_portal.Session"),
	STRIPE_RES("billing_portal.Configuration"),
#define FCM(f) {"firebase_admin.messaging." f, "DJA309", NET, NULL, 0}
	FCM("send"), FCM("send_all"), FCM("send_each"), FCM("send_multicast"), FCM("send_each_for_multicast"),
	FCM("subscribe_to_topic"), FCM("unsubscribe_from_topic"),
#define FBAUTH(f) {"firebase_admin.auth." f, "DJA309", NET, NULL, 0}
	FBAUTH("get_user"), FBAUTH("get_user_by_email"), FBAUTH("get_user_by_phone_number"), FBAUTH("create_user"),
	FBAUTH("update_user"), FBAUTH("delete_user"), FBAUTH("set_custom_user_claims"), FBAUTH("list_users"),
	FBAUTH("generate_password_reset_link"), FBAUTH("generate_email_verification_link"),
	{"pywebpush.webpush", "DJA309", NET, NULL, 0},
	{"whois.whois", "DJA309", NET, NULL, 0},
	{"whois.query", "DJA309", NET, NULL, 0},
	{"elasticsearch.helpers.bulk", "DJA309", "use `await elasticsearch.helpers.async_bulk(...)`", NULL, 0},
	{"opensearchpy.helpers.bulk", "DJA309", "use `await opensearchpy.helpers.async_bulk(...)`", NULL, 0},
	/* DNS (DJA305) */
	{"dns.resolver.resolve", "DJA305", DNSFIX, NULL, 0},
	{"dns.resolver.query", "DJA305", DNSFIX, NULL, 0},
	{"dns.resolver.resolve_address", "DJA305", DNSFIX, NULL, 0},
	{"dns.resolver.Resolver.resolve", "DJA305", DNSFIX, NULL, 0},
	{"dns.resolver.Resolver.query", "DJA305", DNSFIX, NULL, 0},
	{"dns.resolver.Resolver.resolve_address", "DJA305", DNSFIX, NULL, 0},
	/* HTTP libraries (DJA302) */
	{"urllib3.request", "DJA302", HTTPFIX, NULL, 0},
	{"requests_oauthlib.OAuth2Session.fetch_token", "DJA302", HTTPFIX, NULL, 0},
	{"requests_oauthlib.OAuth2Session.refresh_token", "DJA302", HTTPFIX, NULL, 0},
	{"requests_oauthlib.OAuth1Session.fetch_request_token", "DJA302", HTTPFIX, NULL, 0},
	{"requests_oauthlib.OAuth1Session.fetch_access_token", "DJA302", HTTPFIX, NULL, 0},
	{0},
};

/* Constructors and factories: the call gives a client whose methods are judged by the rows of
 * sdk_any_method (or sdk_calls) under the type on the right. */
const char *const sdk_classes[][2] = {
	{"boto3.client", "botocore.client.BaseClient"},
	{"boto3.Session.client", "botocore.client.BaseClient"},
	{"boto3.session.Session.client", "botocore.client.BaseClient"},
	{"botocore.session.Session.create_client", "botocore.client.BaseClient"},
	{"boto3.Session", "boto3.Session"},
	{"boto3.session.Session", "boto3.Session"},
	{"botocore.session.get_session", "botocore.session.Session"},
	{"botocore.client.BaseClient.get_waiter", "botocore.waiter.Waiter"},
	{"boto3.resource", "boto3.resources.base.ServiceResource"},
	{"boto3.Session.resource", "boto3.resources.base.ServiceResource"},
	{"boto3.session.Session.resource", "boto3.resources.base.ServiceResource"},
	{"openai.OpenAI", "openai.OpenAI"},
	{"openai.AzureOpenAI", "openai.OpenAI"},
	{"openai.Client", "openai.OpenAI"},
	{"anthropic.Anthropic", "anthropic.Anthropic"},
	{"anthropic.Client", "anthropic.Anthropic"},
	{"anthropic.AnthropicBedrock", "anthropic.Anthropic"},
	{"anthropic.AnthropicVertex", "anthropic.Anthropic"},
	{"groq.Groq", "groq.Groq"},
	{"together.Together", "together.Together"},
	{"mistralai.Mistral", "mistralai.Mistral"},
	{"cohere.Client", "cohere.Client"},
	{"cohere.ClientV2", "cohere.Client"},
	{"ollama.Client", "ollama.Client"},
	{"replicate.Client", "replicate.Client"},
	{"huggingface_hub.InferenceClient", "huggingface_hub.InferenceClient"},
	{"google.genai.Client", "google.genai.Client"},
	{"google.generativeai.GenerativeModel", "google.generativeai.GenerativeModel"},
	{"google.generativeai.GenerativeModel.start_chat", "google.generativeai.ChatSession"},
	{"pinecone.Pinecone", "pinecone.Pinecone"},
	{"pinecone.Index", "pinecone.Pinecone"},
	{"chromadb.HttpClient", "chromadb.api.ClientAPI"},
	{"chromadb.PersistentClient", "chromadb.api.ClientAPI"},
	{"qdrant_client.QdrantClient", "qdrant_client.QdrantClient"},
	{"slack_sdk.WebClient", "slack_sdk.WebClient"},
	{"slack_sdk.web.WebClient", "slack_sdk.WebClient"},
	{"slack_sdk.web.client.WebClient", "slack_sdk.WebClient"},
	{"slack.WebClient", "slack_sdk.WebClient"},
	{"slack_sdk.webhook.WebhookClient", "slack_sdk.webhook.WebhookClient"},
	{"stripe.StripeClient", "stripe.StripeClient"},
	{"twilio.rest.Client", "twilio.rest.Client"},
	{"sendgrid.SendGridAPIClient", "sendgrid.SendGridAPIClient"},
	{"tweepy.Client", "tweepy.Client"},
	{"tweepy.API", "tweepy.Client"},
	{"elasticsearch.Elasticsearch", "elasticsearch.Elasticsearch"},
	{"opensearchpy.OpenSearch", "elasticsearch.Elasticsearch"},
	{"elasticsearch_dsl.Search", "elasticsearch_dsl.Search"},
	{"elasticsearch_dsl.Document.search", "elasticsearch_dsl.Search"},
	{"pysolr.Solr", "pysolr.Solr"},
	{"pymongo.MongoClient", "pymongo.MongoClient"},
	{"pymongo.mongo_client.MongoClient", "pymongo.MongoClient"},
	{"<dbapi>.Connection.cursor", "<dbapi>.Cursor"},
	{"<sqlite>.Connection.cursor", "<sqlite>.Cursor"},
	{"pymemcache.client.base.Client", "pymemcache.Client"},
	{"pymemcache.Client", "pymemcache.Client"},
	{"pymemcache.client.base.PooledClient", "pymemcache.Client"},
	{"memcache.Client", "pymemcache.Client"},
	{"docker.from_env", "docker.DockerClient"},
	{"docker.client.from_env", "docker.DockerClient"},
	{"docker.DockerClient", "docker.DockerClient"},
	{"docker.client.DockerClient", "docker.DockerClient"},
	{"paramiko.SSHClient", "paramiko.SSHClient"},
	{"paramiko.client.SSHClient", "paramiko.SSHClient"},
	{"paramiko.SSHClient.open_sftp", "paramiko.SFTPClient"},
	{"paramiko.SFTPClient.from_transport", "paramiko.SFTPClient"},
	{"ftplib.FTP", "ftplib.FTP"},
	{"ftplib.FTP_TLS", "ftplib.FTP"},
	{"xmlrpc.client.ServerProxy", "xmlrpc.client.ServerProxy"},
	{"ldap3.Connection", "ldap3.Connection"},
	{"google.cloud.storage.Client.bucket", "google.cloud.storage.Bucket"},
	{"google.cloud.storage.Bucket", "google.cloud.storage.Bucket"},
	{"google.cloud.storage.Bucket.blob", "google.cloud.storage.Blob"},
	{"google.cloud.storage.Blob", "google.cloud.storage.Blob"},
	{"google.oauth2.service_account.Credentials.from_service_account_info",
	 "google.oauth2.service_account.Credentials"},
	{"google.oauth2.credentials.Credentials", "google.oauth2.service_account.Credentials"},
	{"googleapiclient.discovery.build", "googleapiclient.discovery.Resource"},
	{"kafka.KafkaProducer", "kafka.KafkaProducer"},
	{"kafka.KafkaConsumer", "kafka.KafkaConsumer"},
	{"confluent_kafka.Producer", "kafka.KafkaProducer"},
	{"confluent_kafka.Consumer", "kafka.KafkaConsumer"},
	{"kombu.Connection", "kombu.Connection"},
	{"kombu.Producer", "kombu.Producer"},
	{"minio.Minio", "minio.Minio"},
	{"qcloud_cos.CosS3Client", "qcloud_cos.CosS3Client"},
	{"qcloud_cos.cos_client.CosS3Client", "qcloud_cos.CosS3Client"},
	{"sts.sts.Sts", "sts.sts.Sts"},
	{"geopy.geocoders.Nominatim", "geopy.geocoders.Geocoder"},
	{"geopy.geocoders.GoogleV3", "geopy.geocoders.Geocoder"},
	{"geopy.geocoders.ArcGIS", "geopy.geocoders.Geocoder"},
	{"geopy.geocoders.Photon", "geopy.geocoders.Geocoder"},
	{"geopy.geocoders.Bing", "geopy.geocoders.Geocoder"},
	{"geopy.geocoders.OpenCage", "geopy.geocoders.Geocoder"},
	{"geopy.geocoders.MapBox", "geopy.geocoders.Geocoder"},
	{"yt_dlp.YoutubeDL", "yt_dlp.YoutubeDL"},
	{"dns.resolver.Resolver", "dns.resolver.Resolver"},
	{"socket.socket", "socket.socket"},
	{"http.client.HTTPConnection", "http.client.HTTPConnection"},
	{"http.client.HTTPSConnection", "http.client.HTTPConnection"},
	{"urllib3.PoolManager", "urllib3.PoolManager"},
	{"urllib3.HTTPConnectionPool", "urllib3.PoolManager"},
	{"urllib3.HTTPSConnectionPool", "urllib3.PoolManager"},
	{"urllib3.connection_from_url", "urllib3.PoolManager"},
	{"requests_oauthlib.OAuth2Session", "requests_oauthlib.OAuth2Session"},
	{"requests_oauthlib.OAuth1Session", "requests_oauthlib.OAuth1Session"},
	{"google.auth.transport.requests.AuthorizedSession", "requests.Session"},
#define LC(cls) {cls, "<langchain>.Runnable"}
	LC("langchain_openai.ChatOpenAI"), LC("langchain_openai.AzureChatOpenAI"), LC("langchain_openai.OpenAI"),
	LC("langchain_openai.OpenAIEmbeddings"), LC("langchain_openai.AzureOpenAIEmbeddings"),
	LC("langchain_anthropic.ChatAnthropic"), LC("langchain_google_genai.ChatGoogleGenerativeAI"),
	LC("langchain_google_genai.GoogleGenerativeAIEmbeddings"), LC("langchain_ollama.ChatOllama"),
	LC("langchain_ollama.OllamaLLM"), LC("langchain_ollama.OllamaEmbeddings"), LC("langchain_groq.ChatGroq"),
	LC("langchain_mistralai.ChatMistralAI"), LC("langchain_aws.ChatBedrock"),
	LC("langchain_aws.ChatBedrockConverse"), LC("langchain_community.chat_models.ChatOpenAI"),
	LC("langchain_community.chat_models.ChatOllama"), LC("langchain_community.llms.OpenAI"),
	LC("langchain_community.llms.Ollama"), LC("langchain_community.embeddings.OpenAIEmbeddings"),
	LC("langchain.chat_models.ChatOpenAI"), LC("langchain.llms.OpenAI"),
	LC("langchain.embeddings.OpenAIEmbeddings"), LC("langchain.chat_models.init_chat_model"),
	{NULL, NULL},
};

/* attributes of clients that are settings or local helpers, not API namespaces */
static const char *const api_client_quiet[] = {
	"with_options", "copy", "close", "api_key", "base_url", "organization", "project", "timeout",
	"max_retries", "default_headers", "auth_headers", "user_agent", "aio", NULL,
};
static const char *const boto_quiet[] = {
	"get_paginator", "get_waiter", "can_paginate", "generate_presigned_url", "generate_presigned_post",
	"close", "meta", "exceptions", "waiter_names", NULL,
};
static const char *const boto_resource_blocks[] = {
	"put", "get", "delete", "load", "reload", "upload_file", "download_file", "upload_fileobj",
	"download_fileobj", "copy", "copy_from", "put_item", "get_item", "update_item", "delete_item",
	"query", "scan", "batch_get_item", "batch_write_item", "create_bucket", "create_table",
	"send_message", "send_messages", "receive_messages", "publish", "create", "put_object",
	"delete_objects", "wait_until_exists", "wait_until_not_exists", NULL,
};
static const char *const waiter_blocks[] = {"wait", NULL};
static const char *const gemini_blocks[] = {"generate_content", "count_tokens", "send_message", NULL};
static const char *const nothing[] = {NULL};
static const char *const pinecone_blocks[] = {
	"create_index", "delete_index", "list_indexes", "describe_index", "has_index", "configure_index",
	"create_collection", "list_collections", "delete_collection", "describe_collection", "upsert",
	"query", "delete", "fetch", "update", "describe_index_stats", "list", "list_paginated",
	"upsert_records", "search", "search_records", "embed", "rerank", NULL,
};
static const char *const twilio_blocks[] = {"create", "fetch", "update", "delete", "list", "stream", "page", NULL};
static const char *const sendgrid_blocks[] = {"send", "post", "get", "put", "patch", "delete", NULL};
static const char *const webhook_blocks[] = {"send", "send_dict", NULL};
static const char *const es_quiet[] = {"options", "close", "transport", NULL};
static const char *const search_blocks[] = {"execute", "count", "delete", NULL};
static const char *const mongo_quiet[] = {
	"get_database", "get_default_database", "get_collection", "with_options", "close", "codec_options",
	"read_preference", "write_concern", "read_concern", "name", "full_name", NULL,
};
static const char *const dbapi_conn_blocks[] = {"commit", "rollback", "execute", "executemany", "executescript", NULL};
/* A network driver's default cursor holds the whole result once execute() returns: fetching
 * reads memory (a named, server-side cursor would not, and is rare in async code). */
static const char *const dbapi_cursor_blocks[] = {
	"execute", "executemany", "executescript", "callproc", "copy_from", "copy_to", "copy_expert",
	"copy", "nextset", NULL,
};
/* sqlite3 steps the statement as rows are fetched: each fetch reads the database file. */
static const char *const sqlite_cursor_blocks[] = {
	"execute", "executemany", "executescript", "fetchone", "fetchmany", "fetchall", NULL,
};
static const char *const docker_blocks[] = {
	"run", "create", "get", "list", "pull", "push", "build", "remove", "prune", "stop", "start",
	"restart", "kill", "logs", "exec_run", "wait", "reload", "pause", "unpause", "commit",
	"put_archive", "get_archive", "stats", "top", "attach", "ping", "version", "info", "df",
	"events", "login", "load", "search", "connect", "disconnect", "rename", "resize", "diff",
	"export", "history", "inspect_container", "inspect_image", NULL,
};
static const char *const ssh_blocks[] = {
	"connect", "exec_command", "open_sftp", "invoke_shell", "load_system_host_keys", "load_host_keys", NULL,
};
static const char *const ftp_quiet[] = {"set_pasv", "set_debuglevel", "debug", "getwelcome", "sock", NULL};
static const char *const ldap_blocks[] = {
	"bind", "unbind", "rebind", "search", "add", "modify", "modify_dn", "delete", "compare", "start_tls",
	"open", "abandon", NULL,
};
static const char *const gcs_client_blocks[] = {
	"get_bucket", "lookup_bucket", "create_bucket", "list_buckets", "list_blobs", "download_blob_to_file", NULL,
};
static const char *const gcs_bucket_blocks[] = {
	"get_blob", "exists", "reload", "delete", "patch", "update", "list_blobs", "copy_blob", "rename_blob",
	"delete_blob", "delete_blobs", "make_public", "make_private", "create", NULL,
};
static const char *const gcs_blob_blocks[] = {
	"upload_from_string", "upload_from_filename", "upload_from_file", "download_as_bytes",
	"download_as_string", "download_as_text", "download_to_filename", "download_to_file", "delete",
	"exists", "reload", "patch", "update", "make_public", "make_private", "rewrite", "compose", "open",
	"create_resumable_upload_session", NULL,
};
static const char *const creds_blocks[] = {"refresh", NULL};
static const char *const discovery_blocks[] = {"execute", "next_chunk", NULL};
static const char *const producer_blocks[] = {"flush", NULL};
static const char *const consumer_blocks[] = {"poll", "consume", "commit", NULL};
static const char *const kombu_blocks[] = {"connect", "ensure_connection", "drain_events", "publish", NULL};
static const char *const pika_blocks[] = {
	"basic_publish", "queue_declare", "exchange_declare", "queue_bind", "queue_delete", "queue_purge",
	"basic_get", "start_consuming", "consume", "confirm_delivery", "process_data_events", "close", NULL,
};
static const char *const minio_quiet[] = {
	"presigned_get_object", "presigned_put_object", "presigned_post_policy", "get_presigned_url",
	"set_app_info", "trace_on", "trace_off", NULL,
};
static const char *const cos_quiet[] = {
	"get_presigned_url", "get_presigned_download_url", "get_object_url", "get_auth", "get_conf", NULL,
};
static const char *const sts_blocks[] = {"get_credential", "get_role_credential", NULL};
static const char *const geocoder_blocks[] = {"geocode", "reverse", NULL};
static const char *const ytdl_blocks[] = {"extract_info", "download", "process_ie_result", "urlopen", NULL};
static const char *const resolver_blocks[] = {"resolve", "query", "resolve_address", NULL};
static const char *const socket_blocks[] = {
	"connect", "connect_ex", "accept", "recv", "recv_into", "recvfrom", "recvfrom_into", "send",
	"sendall", "sendto", "sendfile", NULL,
};
static const char *const http_conn_blocks[] = {"request", "getresponse", "connect", "send", "endheaders", NULL};
static const char *const pool_blocks[] = {"request", "urlopen", "request_encode_url", "request_encode_body", NULL};
static const char *const oauth_blocks[] = {
	"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "fetch_token",
	"refresh_token", "fetch_request_token", "fetch_access_token", NULL,
};
static const char *const runnable_blocks[] = {
	"invoke", "batch", "stream", "predict", "predict_messages", "generate", "call_as_llm",
	"embed_documents", "embed_query", "get_relevant_documents", NULL,
};
static const char *const ptr_quiet[] = {NULL};

const struct blocking_class_rule sdk_any_method[] = {
	{"botocore.client.BaseClient", "DJA309", BOTO, boto_quiet, NULL, 0},
	{"boto3.resources.base.ServiceResource", "DJA309", BOTO, ptr_quiet, boto_resource_blocks,
	 SDK_ATTRS | SDK_CHAIN},
	{"botocore.waiter.Waiter", "DJA309", BOTO, ptr_quiet, waiter_blocks, 0},
	{"openai.OpenAI", "DJA309", OPENAI, api_client_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"anthropic.Anthropic", "DJA309", ANTHROPIC, api_client_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"groq.Groq", "DJA309", "use `groq.AsyncGroq` and `await` the same call", api_client_quiet, NULL,
	 SDK_ATTRS | SDK_CHAIN},
	{"together.Together", "DJA309", "use `together.AsyncTogether` and `await` the same call",
	 api_client_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"mistralai.Mistral", "DJA309", "use the `_async` twin: `await client.chat.complete_async(...)`",
	 api_client_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"cohere.Client", "DJA309", "use `cohere.AsyncClientV2` and `await` the same call", api_client_quiet,
	 NULL, SDK_ATTRS | SDK_CHAIN},
	{"ollama.Client", "DJA309", "use `ollama.AsyncClient` and `await` the same call", api_client_quiet, NULL, 0},
	{"replicate.Client", "DJA309", "use the `async_` twin: `await client.async_run(...)`", api_client_quiet,
	 NULL, SDK_ATTRS | SDK_CHAIN},
	{"huggingface_hub.InferenceClient", "DJA309",
	 "use `huggingface_hub.AsyncInferenceClient` and `await` the same call", api_client_quiet, NULL, 0},
	{"google.genai.Client", "DJA309", "use `client.aio`: `await client.aio.models.generate_content(...)`",
	 api_client_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"google.generativeai.GenerativeModel", "DJA309", "use `await model.generate_content_async(...)`",
	 ptr_quiet, gemini_blocks, 0},
	{"google.generativeai.ChatSession", "DJA309", "use `await chat.send_message_async(...)`", ptr_quiet,
	 gemini_blocks, 0},
	{"pinecone.Pinecone", "DJA309", "use `pinecone.PineconeAsyncio` (and `IndexAsyncio`)", ptr_quiet,
	 pinecone_blocks, SDK_ATTRS | SDK_CHAIN},
	{"chromadb.api.ClientAPI", "DJA309", "use `await chromadb.AsyncHttpClient(...)` and `await` its calls",
	 ptr_quiet, NULL, SDK_RESULTS},
	{"qdrant_client.QdrantClient", "DJA309", "use `qdrant_client.AsyncQdrantClient` and `await` its calls",
	 ptr_quiet, NULL, 0},
	{"slack_sdk.WebClient", "DJA309", "use `slack_sdk.web.async_client.AsyncWebClient` and `await` its calls",
	 nothing, NULL, 0},
	{"slack_sdk.webhook.WebhookClient", "DJA309",
	 "use `slack_sdk.webhook.async_client.AsyncWebhookClient` and `await` its calls", ptr_quiet,
	 webhook_blocks, 0},
	{"stripe.StripeClient", "DJA309", "use the `_async` twin: `await client.customers.create_async(...)`",
	 api_client_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"twilio.rest.Client", "DJA309", "use twilio's `AsyncTwilioHttpClient` and the `_async` twins",
	 ptr_quiet, twilio_blocks, SDK_ATTRS | SDK_CHAIN},
	{"sendgrid.SendGridAPIClient", "DJA309", NET, ptr_quiet, sendgrid_blocks, SDK_ATTRS | SDK_CHAIN},
	{"tweepy.Client", "DJA309", "use `tweepy.asynchronous.AsyncClient` and `await` its calls", nothing, NULL, 0},
	{"elasticsearch.Elasticsearch", "DJA309", "use the async client (`AsyncElasticsearch`, "
	 "`AsyncOpenSearch`) and `await` the same call", es_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"elasticsearch_dsl.Search", "DJA309", "use `elasticsearch_dsl.AsyncSearch` and `await s.execute()`",
	 ptr_quiet, search_blocks, SDK_CHAIN},
	{"pysolr.Solr", "DJA309", NET " (pysolr has no async client)", nothing, NULL, 0},
	{"pymongo.MongoClient", "DJA309", "use `pymongo.AsyncMongoClient` (or motor) and `await` its calls",
	 mongo_quiet, NULL, SDK_ATTRS | SDK_CHAIN},
	{"<dbapi>.Connection", "DJA309", DB, ptr_quiet, dbapi_conn_blocks, 0},
	{"<dbapi>.Cursor", "DJA309", DB, ptr_quiet, dbapi_cursor_blocks, 0},
	{"<sqlite>.Connection", "DJA309", "use aiosqlite, or a worker thread", ptr_quiet, dbapi_conn_blocks, 0},
	{"<sqlite>.Cursor", "DJA309", "use aiosqlite, or a worker thread", ptr_quiet, sqlite_cursor_blocks, 0},
	{"pymemcache.Client", "DJA309", "use aiomcache, or Django's cache API with `await cache.aget(...)`",
	 nothing, NULL, 0},
	{"docker.DockerClient", "DJA309", "use aiodocker, or a worker thread", ptr_quiet, docker_blocks,
	 SDK_ATTRS | SDK_RESULTS},
	{"paramiko.SSHClient", "DJA309", "use asyncssh, or a worker thread", ptr_quiet, ssh_blocks, 0},
	{"paramiko.SFTPClient", "DJA309", "use asyncssh, or a worker thread", nothing, NULL, 0},
	{"ftplib.FTP", "DJA309", "use aioftp, or a worker thread", ftp_quiet, NULL, 0},
	{"imaplib.IMAP4", "DJA309", "use aioimaplib, or a worker thread", nothing, NULL, 0},
	{"xmlrpc.client.ServerProxy", "DJA309", NET, nothing, NULL, SDK_ATTRS},
	{"zeep.Client", "DJA309", "use `zeep.AsyncClient` and `await client.service.Method(...)`",
	 (const char *const[]){"get_type", "get_element", "type_factory", "bind", "create_service",
			       "create_message", "settings", "set_ns_prefix", "set_default_soapheaders", "wsdl", NULL},
	 NULL, SDK_ATTRS},
	{"ldap3.Connection", "DJA309", NET, ptr_quiet, ldap_blocks, 0},
	{"google.cloud.storage.Client", "DJA309", "use gcloud-aio-storage, or a worker thread", ptr_quiet,
	 gcs_client_blocks, 0},
	{"google.cloud.storage.Bucket", "DJA309", "use gcloud-aio-storage, or a worker thread", ptr_quiet,
	 gcs_bucket_blocks, 0},
	{"google.cloud.storage.Blob", "DJA309", "use gcloud-aio-storage, or a worker thread", ptr_quiet,
	 gcs_blob_blocks, 0},
	{"google.oauth2.service_account.Credentials", "DJA309", NET " (refreshing asks Google's token endpoint)",
	 ptr_quiet, creds_blocks, 0},
	{"googleapiclient.discovery.Resource", "DJA309", "use aiogoogle, or `await asyncio.to_thread(request.execute)`",
	 ptr_quiet, discovery_blocks, SDK_ATTRS | SDK_CHAIN},
	{"kafka.KafkaProducer", "DJA309", "use aiokafka, or a worker thread", ptr_quiet, producer_blocks, 0},
	{"kafka.KafkaConsumer", "DJA309", "use aiokafka, or a worker thread", ptr_quiet, consumer_blocks, 0},
	{"kombu.Connection", "DJA309", NET, ptr_quiet, kombu_blocks, 0},
	{"kombu.Producer", "DJA309", NET, ptr_quiet, kombu_blocks, 0},
	{"pika.BlockingConnection", "DJA309", "use aio-pika, or a worker thread", ptr_quiet, pika_blocks, 0},
	{"pika.BlockingChannel", "DJA309", "use aio-pika, or a worker thread", ptr_quiet, pika_blocks, 0},
	{"minio.Minio", "DJA309", "use miniopy-async, or a worker thread", minio_quiet, NULL, 0},
	{"qcloud_cos.CosS3Client", "DJA309", NET, cos_quiet, NULL, 0},
	{"sts.sts.Sts", "DJA309", NET, ptr_quiet, sts_blocks, 0},
	{"geopy.geocoders.Geocoder", "DJA309", "use geopy's `AioHTTPAdapter` and `await geolocator.geocode(...)`",
	 ptr_quiet, geocoder_blocks, 0},
	{"yt_dlp.YoutubeDL", "DJA309", NET, ptr_quiet, ytdl_blocks, 0},
	{"dns.resolver.Resolver", "DJA305", "use `dns.asyncresolver.Resolver` and `await` the same call",
	 ptr_quiet, resolver_blocks, 0},
	{"socket.socket", "DJA309", "use asyncio streams: `reader, writer = await asyncio.open_connection(...)`",
	 ptr_quiet, socket_blocks, 0},
	{"http.client.HTTPConnection", "DJA302", HTTPFIX, ptr_quiet, http_conn_blocks, 0},
	{"urllib3.PoolManager", "DJA302", HTTPFIX, ptr_quiet, pool_blocks, 0},
	{"requests_oauthlib.OAuth2Session", "DJA302", HTTPFIX, ptr_quiet, oauth_blocks, 0},
	{"requests_oauthlib.OAuth1Session", "DJA302", HTTPFIX, ptr_quiet, oauth_blocks, 0},
	{"<langchain>.Runnable", "DJA309", LANGCHAIN, ptr_quiet, runnable_blocks, SDK_CHAIN},
	{NULL, NULL, NULL, NULL, NULL, 0},
};

const char *library_of_qual(const char *qual)
{
	if (!qual)
		return NULL;
	for (size_t i = 0; client_libraries[i]; i++) {
		size_t n = strlen(client_libraries[i]);
		if (strncmp(qual, client_libraries[i], n) == 0 && (qual[n] == '.' || !qual[n]))
			return client_libraries[i];
	}
	size_t best = 0;
	const char *lib = NULL;
	for (size_t i = 0; sdk_packages[i][0]; i++) {
		size_t n = strlen(sdk_packages[i][0]);
		if (n > best && strncmp(qual, sdk_packages[i][0], n) == 0 && (qual[n] == '.' || !qual[n])) {
			best = n;
			lib = sdk_packages[i][1];
		}
	}
	return lib;
}

const char *library_known(const char *name)
{
	for (size_t i = 0; client_libraries[i]; i++)
		if (strcmp(client_libraries[i], name) == 0)
			return client_libraries[i];
	for (size_t i = 0; sdk_packages[i][0]; i++)
		if (strcmp(sdk_packages[i][1], name) == 0)
			return sdk_packages[i][1];
	return NULL;
}

const char *library_replacement(const char *name)
{
	static const char *const table[][2] = {
		{"requests", "httpx.AsyncClient (or aiohttp)"}, {"httpx", "httpx.AsyncClient"},
		{"urllib", "httpx.AsyncClient"}, {"redis", "redis.asyncio"}, {"smtplib", "aiosmtplib"},
		{NULL, NULL},
	};
	for (size_t i = 0; table[i][0]; i++)
		if (strcmp(table[i][0], name) == 0)
			return table[i][1];
	for (size_t i = 0; sdk_packages[i][0]; i++)
		if (strcmp(sdk_packages[i][1], name) == 0)
			return sdk_packages[i][2];
	return "an async client";
}
