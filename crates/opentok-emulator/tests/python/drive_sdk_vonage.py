"""Runs drive_sdk.py with the official OpenTok Python SDK in its Vonage mode: an application
id and the path of its private key file in place of the API key and secret.

The SDK then sends every call to https://video.api.vonage.com and ignores `api_url`, so after
each client is built its endpoints are pointed at the emulator. And it crashes on a T1 token
request (`use_jwt=False`: T1 needs an API secret), so in Vonage mode that option is dropped and
the SDK mints its RS256 token. Requests, headers and tokens are otherwise the SDK's own.

Usage: python drive_sdk_vonage.py BASE_URL APPLICATION_ID PRIVATE_KEY_FILE
"""
import os
import runpy
import sys

import opentok
from opentok.endpoints import Endpoints

base = sys.argv[1]
original_init = opentok.Client.__init__


def init_pointed_at_the_emulator(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    if self._using_vonage:
        self._api_url = base
        self.endpoints = Endpoints(base, self.api_key)


original_generate_token = opentok.Client.generate_token


def generate_token_without_t1(self, *args, **kwargs):
    if self._using_vonage:
        kwargs.pop("use_jwt", None)
    return original_generate_token(self, *args, **kwargs)


opentok.Client.__init__ = init_pointed_at_the_emulator
opentok.Client.generate_token = generate_token_without_t1
runpy.run_path(os.path.join(os.path.dirname(__file__), "drive_sdk.py"), run_name="__main__")
