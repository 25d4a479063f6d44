# Clients built once, at import time, and handed out by helpers.
import boto3
import xmlrpc.client
from openai import OpenAI

openai_client = OpenAI()


def get_s3():
    return boto3.Session(region_name="eu-west-1").client("s3")


def odoo():
    return xmlrpc.client.ServerProxy("https://erp.example.com/xmlrpc/2/object")


class Storage:
    def __init__(self, bucket):
        self.bucket = bucket
        self.s3 = get_s3()

    def put(self, key, body):
        return self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
