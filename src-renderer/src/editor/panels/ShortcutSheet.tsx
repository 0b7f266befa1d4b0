import { Modal } from '../../common/Modal';
import { shortcutSheet } from '../keymap';

/** Every shortcut, from the same table the key handler uses (`?`). */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcut-sheet">
      <div className="modal-body shortcut-sheet">
        {shortcutSheet().map(({ group, rows }) => (
          <section key={group}>
            <h3>{group}</h3>
            <table>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.keys}>
                    <td>
                      <kbd>{r.keys}</kbd>
                    </td>
                    <td>{r.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  );
}
