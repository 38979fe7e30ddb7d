import type { ComponentProps } from 'react';
import { fieldMessage } from '../../api/movements';
import { FormField } from '../../components/FormField';

/** A field of a movements form: its messages read with the mapping's nesting (`read.columns.0.tag` as `columns.0.tag`). */
export function Field(props: Omit<ComponentProps<typeof FormField>, 'messageOf'>) {
  return <FormField {...props} messageOf={fieldMessage} />;
}
