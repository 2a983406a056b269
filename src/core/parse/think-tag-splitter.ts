import type {Reasoning} from '../../types/chunk.js';

const open = '<think>';
const close = '</think>';
/** Whitespace held before anything visible while a `<think>` may still come, in characters. */
const maxLeadingWhitespace = 64 * 1024;

enum Mode {
	/** Nothing but whitespace seen yet: the answer may still open with `<think>`. */
	Detect,
	Think,
	/** Just after `</think>`: whitespace before the answer is dropped. */
	AfterThink,
	Text,
}

/** Length of the longest end of `text` that could be the start of `tag`, split across reads. */
function partialTagLength(text: string, tag: string): number {
	for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
		if (text.endsWith(tag.slice(0, length))) return length;
	}

	return 0;
}

/**
Splits a leading `<think>…</think>` block (DeepSeek R1, QwQ and others put reasoning there) from the answer.
Tags may be split across deltas; only a block at the very start counts, later tags are answer text.
*/
export class ThinkTagSplitter {
	#mode = Mode.Detect;
	#pending = '';
	/**
	Whitespace seen before anything visible (Detect mode), kept apart from `#pending` so that each delta is scanned
	once: re-trimming everything held on every delta made a stream of newline deltas quadratic.
	*/
	#leading = '';

	/** True once the answer has started: from then on every piece is answer text, passed on as it is. */
	get passing(): boolean {
		return this.#mode === Mode.Text;
	}

	/** Feeds answer text; returns what is certain so far, answer text as strings. */
	push(text: string): Array<string | Reasoning> {
		if (this.#mode === Mode.Text) return [text];
		let rest: string;
		if (this.#mode === Mode.Detect) {
			let visible = text;
			if (this.#pending === '') {
				// Only the new text is scanned; `\S` is exactly what `trimStart()` keeps.
				const first = text.search(/\S/);
				if (first === -1) {
					this.#leading += text;
					// No model opens with this much blank space: stop holding it (and waiting for `<think>`), pass it on.
					if (this.#leading.length > maxLeadingWhitespace) {
						this.#mode = Mode.Text;
						return [this.#take()];
					}

					return [];
				}

				this.#leading += text.slice(0, first);
				visible = text.slice(first);
			}

			// At most the length of `<think>`: the start of the tag, split across deltas.
			const start = this.#pending + visible;
			if (start.length < open.length && open.startsWith(start)) {
				this.#pending = start;
				return [];
			}

			// `start` holds what was pending: only the leading whitespace is added to it.
			const leading = this.#leading;
			this.#leading = '';
			this.#pending = '';
			if (!start.startsWith(open)) {
				this.#mode = Mode.Text;
				return [leading + start];
			}

			this.#mode = Mode.Think;
			rest = start.slice(open.length);
		} else {
			rest = this.#pending + text;
			this.#pending = '';
		}

		const out: Array<string | Reasoning> = [];
		if (this.#mode === Mode.Think) {
			const end = rest.indexOf(close);
			if (end === -1) {
				const keep = partialTagLength(rest, close);
				if (rest.length > keep) out.push(reasoning(rest.slice(0, rest.length - keep)));
				this.#pending = rest.slice(rest.length - keep);
				return out;
			}

			if (end > 0) out.push(reasoning(rest.slice(0, end)));
			this.#mode = Mode.AfterThink;
			rest = rest.slice(end + close.length);
		}

		rest = rest.trimStart();
		if (rest) {
			this.#mode = Mode.Text;
			out.push(rest);
		}

		return out;
	}

	/** Releases text held back while a tag could still be completing (end of answer). */
	flush(): Array<string | Reasoning> {
		const pending = this.#take();
		if (!pending) return [];
		return [this.#mode === Mode.Think ? reasoning(pending) : pending];
	}

	/** Everything held back, which is then no longer held. */
	#take(): string {
		const held = this.#leading + this.#pending;
		this.#leading = '';
		this.#pending = '';
		return held;
	}
}

export function reasoning(text: string): Reasoning {
	return {type: 'reasoning', text};
}
