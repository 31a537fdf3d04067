'use strict';
// Imports the export file a customer uploaded (written on Windows, ends with a newline).
const { parseContacts } = require('./lib/jsonl');

const upload = '{"email":"Ada@example.com","name":"Ada"}\r\n{"email":"grace@example.com"}\r\n';
console.log(parseContacts(upload));
