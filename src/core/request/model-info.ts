import {failure} from '../../errors/failure.js';
import type {GetModelsOptions} from '../../types/options.js';
import type {ProviderConfig} from '../../types/provider.js';
import {isRecord, type UnknownRecord} from '../../utils/is-record.js';
import {fetchModelList, modelEntries, rememberModels} from './models.js';

/** One entry of a provider's `/models` answer, with what it says beyond the id where the service sends it. */
export interface ModelInfo {
	/** The model id, as requests name it. */
	id: string;
	/** Tokens of context: `context_length` (OpenRouter, Together), `context_window` (Groq), `max_context_length` (Mistral), `max_model_len` (vLLM). */
	contextLength?: number;
	/** Takes images in: `architecture.input_modalities` has `image` (OpenRouter), or `capabilities.vision` (Mistral). */
	vision?: boolean;
	/** Answers with images: `architecture.output_modalities` has `image` (OpenRouter), or `type: 'image'` (Together). */
	imageOutput?: boolean;
	/** The service's `pricing` object as sent: units differ (OpenRouter: USD per token, as strings; Together: USD per million). */
	pricing?: UnknownRecord;
	/** The entry as sent (`{id}` for a bare string). */
	raw: UnknownRecord;
}

const contextFields = ['context_length', 'context_window', 'max_context_length', 'max_model_len'] as const;

function contextLengthOf(entry: UnknownRecord): number | undefined {
	const top = isRecord(entry.top_provider) ? entry.top_provider : {};
	for (const value of [...contextFields.map(field => entry[field]), top.context_length])
		if (typeof value === 'number' && value > 0) return value;
	return undefined;
}

function modalityIn(entry: UnknownRecord, key: 'input_modalities' | 'output_modalities'): boolean | undefined {
	const list = isRecord(entry.architecture) ? entry.architecture[key] : undefined;
	return Array.isArray(list) ? list.includes('image') : undefined;
}

function infoOf(entry: unknown): ModelInfo[] {
	const raw: UnknownRecord = isRecord(entry) ? entry : {id: entry};
	if (typeof raw.id !== 'string' || raw.id === '') return [];
	const info: ModelInfo = {id: raw.id, raw};
	const contextLength = contextLengthOf(raw);
	if (contextLength !== undefined) info.contextLength = contextLength;
	const capabilities = isRecord(raw.capabilities) ? raw.capabilities : {};
	const vision = modalityIn(raw, 'input_modalities') ?? capabilities.vision;
	if (typeof vision === 'boolean') info.vision = vision;
	const imageOutput = modalityIn(raw, 'output_modalities') ?? (raw.type === 'image' || undefined);
	if (imageOutput !== undefined) info.imageOutput = imageOutput;
	if (isRecord(raw.pricing)) info.pricing = raw.pricing;
	return [info];
}

/**
The provider's models with what `/models` says about each beyond its id (context length, image input and output,
pricing), for a model picker; like `getModels()`, the ids are then remembered to check models before sending.
A function, not a static method, so a page that never calls it does not carry it.
*/
export async function getModelInfo(provider: ProviderConfig, options: GetModelsOptions = {}): Promise<ModelInfo[]> {
	const {base, json, send, status} = await fetchModelList(provider, options);
	const entries = modelEntries(json);
	if (!entries) throw failure(send, 'the model list is not a JSON list of models', {status});
	const infos = entries.flatMap(infoOf);
	rememberModels(
		provider,
		base,
		infos.map(info => info.id),
	);
	return infos;
}
