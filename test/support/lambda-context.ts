import { localLambdaContext } from '../../infra/local/lambda-context';

export const context = localLambdaContext('test');
