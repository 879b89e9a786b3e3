// Runs drive_sdk.js with the official OpenTok Node SDK in its Vonage mode: an application id
// and the private key's text in place of the API key and secret. The key is read from a
// file, so it never appears in argv.
// Usage: node drive_sdk_vonage.js BASE_URL APPLICATION_ID PRIVATE_KEY_FILE
'use strict';
const fs = require('fs');
const path = require('path');

const [base, appId, keyFile] = process.argv.slice(2);
process.argv = [process.argv[0], path.join(__dirname, 'drive_sdk.js'), base, appId, fs.readFileSync(keyFile, 'utf8')];
require('./drive_sdk.js');
