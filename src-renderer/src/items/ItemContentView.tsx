import type { ItemContent } from '../../../src-shared/qa/items';
import { api } from '../api/client';

/** Test ids of the item's words, by kind of item. */
export interface ContentTestIds {
  text: string;
  question: string;
  prompt: string;
}

const LABELING_IDS: ContentTestIds = { text: 'item-text', question: 'item-question', prompt: 'rlhf-prompt' };

/**
 * What an item shows, as the annotator saw it: its text, its image, its question (with an image
 * when it has one), or an RLHF prompt with the two responses. `keyHints` puts the number key that
 * picks each response beside it (labeling); `chosen` marks the responses an answer chose (review).
 */
export function ItemContentView({ item, testIds = LABELING_IDS, keyHints = false, chosen }: { item: ItemContent; testIds?: ContentTestIds; keyHints?: boolean; chosen?: ReadonlySet<string> }) {
  switch (item.item_type) {
    case 'TXT_CLS':
      return (
        <blockquote className="item-text" data-testid={testIds.text}>
          {item.data.text}
        </blockquote>
      );
    case 'IMG_CLS':
      return <img className="item-image" data-testid="item-image" src={api.mediaUrl(item.data.image_id, 'image')} alt="" />;
    case 'QUESTION':
      return (
        <div>
          <p className="item-question" data-testid={testIds.question}>
            {item.data.question_text}
          </p>
          {item.data.image_id && <img className="item-image" src={api.mediaUrl(item.data.image_id, 'image')} alt="" />}
        </div>
      );
    case 'RLHF_PAIR': {
      const sides = [
        { side: 'A', model: item.data.modelA, response: item.data.responseA },
        { side: 'B', model: item.data.modelB, response: item.data.responseB },
      ];
      return (
        <div className="rlhf">
          <div className="rlhf-prompt" data-testid={testIds.prompt}>
            <span className="muted">Prompt</span>
            <div>{item.data.prompt}</div>
          </div>
          <div className="rlhf-pair">
            {sides.map(({ side, model, response }, i) => {
              const isChosen = chosen?.has(side) ?? false;
              return (
                <div key={side} className={isChosen ? 'rlhf-response chosen' : 'rlhf-response'} data-testid={`rlhf-${side.toLowerCase()}`}>
                  <span className="muted">
                    {keyHints && <><kbd>{i + 1}</kbd> </>}
                    Response {side}
                    {model ? ` (${model})` : ''}
                    {isChosen ? ' — chosen' : ''}
                  </span>
                  <div>{response}</div>
                </div>
              );
            })}
          </div>
        </div>
      );
    }
  }
}
