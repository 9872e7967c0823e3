// Writes a text VPC flow log's records as Parquet with DuckDB (another Parquet implementation than parquet-java):
// AWS's column names and types, GZIP pages, '-' as null. node write.mjs IN.log OUT.parquet ROW_GROUP_ROWS
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const [input, output, rowGroup] = process.argv.slice(2);
const int32 = new Set(['version', 'srcport', 'dstport', 'protocol', 'tcp-flags', 'traffic-path']);
const int64 = new Set(['packets', 'bytes', 'start', 'end']);
const fields = readFileSync(input, 'utf8').split('\n', 1)[0].trim().split(/ +/);
const columns = fields.map(f => `'${f.replaceAll('-', '_')}': '${int32.has(f) ? 'INTEGER' : int64.has(f) ? 'BIGINT' : 'VARCHAR'}'`).join(', ');
const db = await (await DuckDBInstance.create(':memory:')).connect();
await db.run(`COPY (SELECT * FROM read_csv('${input}', delim=' ', header=true, nullstr='-', quote='', escape='', columns={${columns}}))
  TO '${output}' (FORMAT parquet, COMPRESSION gzip, ROW_GROUP_SIZE ${rowGroup})`);
const r = await db.runAndReadAll(`SELECT count(*) AS n, (SELECT count(*) FROM parquet_metadata('${output}') WHERE column_id = 0) AS groups FROM '${output}'`);
console.log(JSON.stringify(r.getRowObjectsJson()));
