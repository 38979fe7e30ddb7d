import { fieldMessage } from './api';

export { FormField } from '../../components/FormField';

/** The server's message about a whole group (the parties, the kinds), shown under its legend. */
export function GroupError({ id, error, name }: { id: string; error: unknown; name: string }) {
  const message = fieldMessage(error, name);
  return message ? <p id={id} className="field-error" data-testid={`error-${id}`}>{message}</p> : null;
}
