/**
Takes the fields a provider refuses (`refusedParameters`) out of a request body; returns the names taken out, for
the `provider` chunk's `omitted`. Left out rather than refused up front: a fallback list shares one set of options.
*/
export function omitRefused(body: Record<string, unknown>, refused: readonly string[] | undefined): string[] {
	const omitted: string[] = [];
	for (const name of refused ?? []) {
		if (Object.hasOwn(body, name)) {
			delete body[name];
			omitted.push(name);
		}
	}

	return omitted;
}
