import {OpenaiTemplate} from '../../src/index.js';

/** A bare provider for tests that pass `baseUrl`; its default model is `m`. */
export class Local extends OpenaiTemplate {
	static override defaultModel = 'm';
}
