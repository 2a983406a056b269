// Type tests of runTools, checked by `npm run typecheck` (tsconfig.test.json): each `@ts-expect-error` line must be
// an error, everything else must compile under `strict`. Nothing here runs.
import {toStandardJsonSchema} from '@valibot/to-json-schema';
import * as v from 'valibot';
import {z} from 'zod';
import {
	CablyAI,
	IterListProvider,
	OpenAI,
	runTools,
	type Messages,
	type RunToolsChunk,
	type RunToolsResult,
} from '../../src/index.js';

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
function assertType<T extends true>(_value?: T): void {}

declare const messages: Messages;

export async function argsAreTypedFromEachToolsSchema(): Promise<void> {
	const generator = runTools(CablyAI, 'gpt-4o-mini', messages, {
		temperature: 0,
		tools: {
			weather: {
				description: 'The weather in a city',
				parameters: z.object({city: z.string(), days: z.number().int().default(1)}),
				execute: async ({city, days}, {signal, toolCallId}) => {
					assertType<Equal<typeof city, string>>();
					assertType<Equal<typeof days, number>>();
					// @ts-expect-error city is a string, not any
					const notANumber: number = city;
					// @ts-expect-error there is no such argument
					void city.humidity;
					const aborted: boolean = signal.aborted;
					const id: string = toolCallId;
					return {city, tempC: 21, notANumber, aborted, id};
				},
			},
			stock: {
				parameters: toStandardJsonSchema(v.object({ticker: v.string()})),
				execute: args => {
					assertType<Equal<typeof args, {ticker: string}>>();
					// @ts-expect-error the valibot type is not any
					assertType<IsAny<typeof args>>(true);
					return args.ticker;
				},
			},
			plain: {
				parameters: {type: 'object', properties: {q: {type: 'string'}}},
				execute: args => {
					assertType<Equal<typeof args, unknown>>();
					// @ts-expect-error a plain JSON Schema's arguments are unknown
					return args.q;
				},
			},
			confirm: {parameters: z.object({action: z.enum(['delete', 'keep'])})},
		},
	});
	for await (const chunk of generator) {
		assertType<Equal<typeof chunk, RunToolsChunk>>();
		if (typeof chunk === 'object' && chunk.type === 'tool_result') {
			const name: string = chunk.name;
			void name;
		}
		if (typeof chunk === 'object' && chunk.type === 'step') {
			const step: number = chunk.step;
			void step;
		}
	}
	const result = await generator.next();
	if (result.done) {
		assertType<Equal<typeof result.value, RunToolsResult>>();
		const limited: boolean = result.value.stepLimitReached;
		void [limited, result.value.messages, result.value.pendingToolCalls, result.value.text];
	}
}

export function theWrongArgumentsAreErrors(): void {
	runTools(OpenAI, '', messages, {
		tools: {
			weather: {
				parameters: z.object({city: z.string()}),
				// @ts-expect-error args has no `country`
				execute: ({country}) => country,
			},
		},
	});
	// @ts-expect-error tools are required
	runTools(OpenAI, '', messages, {maxSteps: 2});
	// @ts-expect-error a tool needs parameters
	runTools(OpenAI, '', messages, {tools: {weather: {execute: () => 1}}});
	// @ts-expect-error the provider's own options are checked too
	runTools(OpenAI, '', messages, {tools: {}, temperature: 'hot'});
}

export function fallbacksTakeTheirOwnOptions(): void {
	const fallback = new IterListProvider([OpenAI, CablyAI]);
	runTools(fallback, '', messages, {apiKey: {OpenAI: 'sk-1', CablyAI: 'sk-2'}, tools: {}});
	// @ts-expect-error a provider class takes one key
	runTools(OpenAI, '', messages, {apiKey: {OpenAI: 'sk-1'}, tools: {}});
}
