const open = '<think>';
const close = '</think>';

const enum Mode {
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

	/** Feeds answer text; calls `onText`/`onReasoning` with what is certain so far. */
	push(text: string, onText: (text: string) => void, onReasoning: (text: string) => void): void {
		if (this.#mode === Mode.Text) {
			onText(text);
			return;
		}

		let rest = this.#pending + text;
		this.#pending = '';
		if (this.#mode === Mode.Detect) {
			const start = rest.trimStart();
			if (start.length < open.length && open.startsWith(start)) {
				this.#pending = rest;
				return;
			}

			if (!start.startsWith(open)) {
				this.#mode = Mode.Text;
				onText(rest);
				return;
			}

			this.#mode = Mode.Think;
			rest = start.slice(open.length);
		}

		if (this.#mode === Mode.Think) {
			const end = rest.indexOf(close);
			if (end === -1) {
				const keep = partialTagLength(rest, close);
				if (rest.length > keep) onReasoning(rest.slice(0, rest.length - keep));
				this.#pending = rest.slice(rest.length - keep);
				return;
			}

			if (end > 0) onReasoning(rest.slice(0, end));
			this.#mode = Mode.AfterThink;
			rest = rest.slice(end + close.length);
		}

		rest = rest.trimStart();
		if (rest) {
			this.#mode = Mode.Text;
			onText(rest);
		}
	}

	/** Releases text held back while a tag could still be completing (end of answer). */
	flush(onText: (text: string) => void, onReasoning: (text: string) => void): void {
		const pending = this.#pending;
		this.#pending = '';
		if (!pending) return;
		if (this.#mode === Mode.Think) onReasoning(pending);
		else onText(pending);
	}
}
