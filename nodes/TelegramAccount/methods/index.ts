import { telegramAccountApiTest } from '../../shared/credentialTests';

export const credentialTest = { telegramAccountApiTest };
