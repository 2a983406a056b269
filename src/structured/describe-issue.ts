import type {StandardSchemaIssue} from './standard-schema.js';

/** A validation issue as `path: message` (`a.b.0: Expected string`), or its message alone. */
export const describeIssue = ({message, path}: StandardSchemaIssue): string =>
	(path?.length ? `${path.map(part => String((part as {key?: PropertyKey}).key ?? part)).join('.')}: ` : '') + message;
