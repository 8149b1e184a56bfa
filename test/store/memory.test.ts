import { createMemoryStore } from '../../bot/store/memory.js';
import { storeContract } from './contract.js';

storeContract('memory', async () => ({ store: createMemoryStore() }));
