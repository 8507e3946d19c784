import { apiPost } from '../../../lib/api-client';
import type { RegisteredModel } from '../../../lib/mlflow/wire-types';

export async function createRegisteredModel(name: string): Promise<RegisteredModel> {
  const response = await apiPost<{ registered_model: RegisteredModel }>('/registered-models/create', { name });
  return response.registered_model;
}
