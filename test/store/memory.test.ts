import { createMemoryStore } from '../../bot/store/memory.js';
import { storeContract } from './contract/index.js';

storeContract('memory', async () => ({ store: createMemoryStore() }));
