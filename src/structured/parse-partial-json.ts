/**
An incremental reader of JSON text that arrives in pieces (a model's answer, delta by delta).

`push(delta)` reads only the new text and returns the value of all text so far if the delta changed it, and
`undefined` if it did not (whitespace, part of a key or an escape, nothing begun yet), so a caller shows only news:
- a string, number, array or object that has begun is there, as far as it goes: `{"a": "he` is `{a: 'he'}`;
- a key shows once its value has begun: `{"a": 1, "b` and `{"a": 1, "b":` are both `{a: 1}`;
- `true`, `false` and `null` show once complete; a number shows as its longest prefix that is a number (`-1.` is
  -1), except one over {@link maxPartialNumberLength} characters, which shows when it ends.

It never throws. Text that cannot be JSON (`{"a" 1`, a second top-level value) stops the reading at the value of the
longest prefix that could still be JSON; later pushes return `undefined`. Raw control characters in strings, which
models emit and `JSON.parse` refuses, are kept as they are.

Arrays and objects are updated in place, so each push costs the length of its delta, not of all text so far: the
whole stream stays linear. The value returned is therefore live: the same array or object each time, changed by
later pushes. Copy it (`structuredClone`) to keep a snapshot.

Any object with such a `push` can stand in for this one (a parser is made per answer, by a factory).
*/
export interface PartialJsonParser {
	/** Reads the next piece of the text; returns the value so far when this piece changed it, else `undefined`. */
	push(delta: string): unknown;
}

/** Numbers longer than this show when they end: re-reading a growing number on every push would be quadratic. */
export const maxPartialNumberLength = 400;

// Modes of the reader, as plain numbers rather than an enum so that a minifier inlines them.
/** Expecting a value: at the start, after `:`, after `[` or `,` in an array. */
const Value = 0;
/** Expecting a key's opening quote: after `{` or `,` in an object. */
const Key = 1;
const Colon = 2;
/** After a value: `,`, a closing bracket, or only whitespace at the top level. */
const After = 3;
const InString = 4;
const InNumber = 5;
const InLiteral = 6;
const Failed = 7;

type Container = Record<string, unknown> | unknown[];
type Frame = {container: Container; key: string};

const isWhitespace = (code: number) => code === 32 || code === 10 || code === 13 || code === 9;
const escapes: Record<string, string> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'};
const literals: Record<string, [string, unknown]> = {t: ['true', true], f: ['false', false], n: ['null', null]};
const numberChars = /^[-+.eE\d]$/;
const hexDigit = /^[\da-fA-F]$/;

/** Sets a key as `JSON.parse` does: `__proto__` becomes an own key, not the object's prototype. */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__')
		Object.defineProperty(object, key, {value, writable: true, enumerable: true, configurable: true});
	else object[key] = value;
}

/** The value of the longest prefix of a number's text that is a number (`-1.5e` is -1.5), or undefined (`-`). */
function partialNumber(text: string): number | undefined {
	const digits = text.replace(/[-+.eE]+$/, '');
	const value = Number(digits);
	return digits === '' || Number.isNaN(value) ? undefined : value;
}

/** Starts reading one JSON text; see {@link PartialJsonParser}. */
export function parsePartialJson(): PartialJsonParser {
	let root: unknown;
	const stack: Frame[] = [];
	let mode = Value;
	/** Right after `[` or `{`: the bracket may close at once. */
	let empty = false;
	/** Whether the value being read (string, number) already has its place in the parent. */
	let placed = false;
	/** The value last put for the string or number being read, so that an unchanged one is not put again. */
	let shown: unknown;
	/** Whether the value changed during this push. */
	let changed = false;
	/** Text of the string or number being read (decoded for a string). */
	let text = '';
	let stringIsKey = false;
	let escaping = false;
	/** Hex digits of a `\u` escape still to come (0: none), and the code so far. */
	let hexLeft = 0;
	let hexCode = 0;
	let literal: [string, unknown] = ['', null];
	let literalRead = 0;

	const put = (value: unknown) => {
		const frame = stack.at(-1);
		if (!frame) root = value;
		else if (!Array.isArray(frame.container)) setKey(frame.container, frame.key, value);
		else if (placed) frame.container[frame.container.length - 1] = value;
		else frame.container.push(value);
		placed = true;
		changed = true;
	};

	const show = (value: unknown) => {
		if (Object.is(value, shown)) return;
		shown = value;
		put(value);
	};

	/** Puts the string or number being read in its place as it stands, at the end of a push or on failure. */
	const flush = () => {
		if (mode === InString && !stringIsKey) show(text);
		if (mode === InNumber && text.length <= maxPartialNumberLength) {
			const value = partialNumber(text);
			if (value !== undefined) show(value);
		}
	};

	const fail = () => {
		flush();
		mode = Failed;
	};

	const afterValue = () => {
		mode = After;
		placed = false;
	};

	const close = (bracket: string) => {
		const frame = stack.at(-1);
		if (!frame || bracket !== (Array.isArray(frame.container) ? ']' : '}')) return fail();
		stack.pop();
		afterValue();
	};

	const open = (container: Container) => {
		put(container);
		stack.push({container, key: ''});
		placed = false;
		empty = true;
		mode = Array.isArray(container) ? Value : Key;
	};

	const startValue = (char: string) => {
		if (char === '"') {
			mode = InString;
			stringIsKey = false;
			text = '';
			shown = undefined;
			show(text);
		} else if (char === '{') open({});
		else if (char === '[') open([]);
		else if (char === '-' || (char >= '0' && char <= '9')) {
			mode = InNumber;
			text = char;
			shown = undefined;
		} else if (literals[char]) {
			mode = InLiteral;
			literal = literals[char];
			literalRead = 1;
		} else fail();
	};

	/** Reads one character outside a string's plain run. Returns false when the character is to be read again. */
	const step = (char: string, code: number): boolean => {
		switch (mode) {
			case Value:
				if (isWhitespace(code)) break;
				if (char === ']' && empty) close(char);
				else {
					empty = false;
					startValue(char);
				}
				break;
			case Key:
				if (isWhitespace(code)) break;
				if (char === '}' && empty) close(char);
				else if (char === '"') {
					mode = InString;
					stringIsKey = true;
					text = '';
				} else fail();
				empty = false;
				break;
			case Colon:
				if (char === ':') mode = Value;
				else if (!isWhitespace(code)) fail();
				break;
			case After: {
				if (isWhitespace(code)) break;
				const frame = stack.at(-1);
				if (!frame) fail();
				else if (char === ',') mode = Array.isArray(frame.container) ? Value : Key;
				else close(char);
				break;
			}
			case InString:
				if (hexLeft > 0) {
					if (!hexDigit.test(char)) fail();
					else if (--hexLeft === 0) text += String.fromCharCode(hexCode * 16 + Number.parseInt(char, 16));
					else hexCode = hexCode * 16 + Number.parseInt(char, 16);
				} else if (escaping) {
					escaping = false;
					if (char === 'u') {
						hexLeft = 4;
						hexCode = 0;
					} else if (escapes[char] === undefined) fail();
					else text += escapes[char];
				} else if (char === '\\') escaping = true;
				else if (stringIsKey) {
					const frame = stack.at(-1);
					if (frame) frame.key = text;
					mode = Colon;
				} else {
					show(text);
					afterValue();
				}
				break;
			case InNumber: {
				if (numberChars.test(char)) {
					text += char;
					break;
				}
				const value = Number(text);
				if (Number.isNaN(value)) fail();
				else {
					show(value);
					afterValue();
				}
				return false;
			}
			case InLiteral:
				if (char !== literal[0][literalRead]) fail();
				else if (++literalRead === literal[0].length) {
					put(literal[1]);
					afterValue();
				}
				break;
		}
		return true;
	};

	return {
		push(delta) {
			let index = 0;
			while (index < delta.length && mode !== Failed) {
				if (mode === InString && !escaping && hexLeft === 0) {
					// A plain run of a string is taken in one slice: the string grows by pieces, not characters.
					const start = index;
					let code = delta.charCodeAt(index);
					while (code !== 34 && code !== 92 && ++index < delta.length) code = delta.charCodeAt(index);
					text += delta.slice(start, index);
					if (index === delta.length) break;
				}
				if (step(delta.charAt(index), delta.charCodeAt(index))) index++;
			}
			if (mode !== Failed) flush();
			const value = changed ? root : undefined;
			changed = false;
			return value;
		},
	};
}
