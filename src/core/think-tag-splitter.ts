const open = '<think>';
const close = '</think>';
/** Whitespace held before anything visible while a `<think>` may still come, in characters. */
const maxLeadingWhitespace = 64 * 1024;

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
	/**
	Whitespace seen before anything visible (Detect mode), kept apart from `#pending` so that each delta is scanned
	once: re-trimming everything held on every delta made a stream of newline deltas quadratic.
	*/
	#leading = '';

	/** Feeds answer text; calls `onText`/`onReasoning` with what is certain so far. */
	push(text: string, onText: (text: string) => void, onReasoning: (text: string) => void): void {
		if (this.#mode === Mode.Text) {
			onText(text);
			return;
		}

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
						onText(this.#leading);
						this.#leading = '';
					}

					return;
				}

				this.#leading += text.slice(0, first);
				visible = text.slice(first);
			}

			// At most the length of `<think>`: the start of the tag, split across deltas.
			const start = this.#pending + visible;
			if (start.length < open.length && open.startsWith(start)) {
				this.#pending = start;
				return;
			}

			const leading = this.#leading;
			this.#leading = '';
			this.#pending = '';
			if (!start.startsWith(open)) {
				this.#mode = Mode.Text;
				onText(leading + start);
				return;
			}

			this.#mode = Mode.Think;
			rest = start.slice(open.length);
		} else {
			rest = this.#pending + text;
			this.#pending = '';
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
		const pending = this.#leading + this.#pending;
		this.#leading = '';
		this.#pending = '';
		if (!pending) return;
		if (this.#mode === Mode.Think) onReasoning(pending);
		else onText(pending);
	}
}
