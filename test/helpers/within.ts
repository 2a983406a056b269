/** Rejects with a clear message when `promise` has not settled within `ms`: a hang is a failure, never a stuck run. */
export async function within<T>(promise: Promise<T>, ms: number, what = 'the generator'): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => reject(new Error(`hang: ${what} did not settle within ${ms} ms`)), ms);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
