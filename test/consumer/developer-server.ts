import { userInfo } from 'node:os'

/** The developer's own PostgreSQL, which no test file may ever reach: trust auth on 127.0.0.1:5432. */
export const DEVELOPER_SERVER = { host: '127.0.0.1', port: 5432 }

/** Databases a client reaches there through pg's defaults: the one named after the OS user, and `postgres`. */
export const DEVELOPER_DATABASES = [userInfo().username, 'postgres']
