import { describe, expect, it } from 'vitest';
import { memorySource } from '../memory-source';
import { ReportCollector } from '../report';
import { readLabelmap, readVoc, vocColor } from './parse';
import { vocXml } from './write';

const xml = (objects: string, extra = '<size><width>500</width><height>375</height><depth>3</depth></size>') =>
  `<annotation><folder>VOC2007</folder><filename>000005.jpg</filename>${extra}${objects}</annotation>`;

describe('Pascal VOC', () => {
  it('reads float boxes, set flags, pose, CVAT attributes, parts, splits and the labelmap', () => {
    const files = new Map([
      ['Annotations/000005.xml', xml('<object><name>chair</name><pose>Rear</pose><truncated>0</truncated><difficult>1</difficult><occluded/><bndbox><xmin>263.5</xmin><ymin>211</ymin><xmax>324</xmax><ymax>339</ymax></bndbox><attributes><attribute><name>color</name><value>red</value></attribute></attributes><part><name>head</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></part></object>')],
      ['ImageSets/Main/train.txt', '000005\n'],
      ['labelmap.txt', '# label:color_rgb:parts:actions\nbackground:0,0,0::\nchair:255,0,0::\n'],
    ]);
    const { dataset, rejected } = readVoc(memorySource(files));
    expect(rejected).toEqual([]);
    expect(dataset.images).toMatchObject([{ file: '000005.jpg', width: 500, height: 375, split: 'train' }]);
    expect(dataset.annotations[0]).toMatchObject({ label: 'chair', geometry: { type: 'bbox', bbox: [263.5, 211, 60.5, 128] }, attributes: { difficult: true, pose: 'Rear', color: 'red' } });
    expect(dataset.annotations[1]).toMatchObject({ label: 'head', attributes: { part_of: 'chair' } });
    expect(dataset.classes).toEqual([{ name: 'chair', color: '#ff0000' }]);
  });

  it('rejects missing tags, bad numbers, reversed boxes, absurd sizes and broken XML with a position', () => {
    const files = new Map([
      ['Annotations/a.xml', xml('<object><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object><object><name>cat</name></object><object><name>cat</name><bndbox><xmin>1</xmin><ymin>x</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object><object><name>cat</name><bndbox><xmin>5</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object><object><name>cat</name><truncated>maybe</truncated><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>')],
      ['Annotations/b.xml', xml('', '<size><width>2147483648</width><height>10</height></size>')],
      ['Annotations/c.xml', '<annotation><filename>c.jpg</filename><object><name>cat'],
    ]);
    const { dataset, rejected } = readVoc(memorySource(files));
    expect(dataset.annotations).toEqual([]);
    expect(rejected.map((r) => `${r.file} ${r.position}: ${r.reason}`)).toEqual([
      'Annotations/a.xml object[1]: <object> has no <name>',
      'Annotations/a.xml object[2]: <object> has no <bndbox>',
      'Annotations/a.xml object[3]: <ymin> is not a number: "x"',
      'Annotations/a.xml object[4]: <bndbox> max is below min (5,1 – 2,2)',
      'Annotations/a.xml object[5]: <truncated> must be 0 or 1, got "maybe"',
      expect.stringMatching(/^Annotations\/b.xml <size>: claimed size 2147483648 × 10/),
      expect.stringMatching(/^Annotations\/c.xml line \d+, column \d+: not well-formed XML/),
    ]);
  });

  it('refuses XML entity declarations', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><annotation><filename>&lol2;</filename></annotation>';
    const { rejected } = readVoc(memorySource(new Map([['Annotations/x.xml', bomb]])));
    expect(rejected).toMatchObject([{ position: 'DOCTYPE', reason: expect.stringMatching(/entity declarations are not accepted/) }]);
  });

  it('writes flags as 0/1, other attributes in <attributes>, and escapes names', () => {
    const out = vocXml({ file: 'a&b.jpg', width: 10, height: 10 }, [{ image: 'a&b.jpg', label: 'c<1>', geometry: { type: 'bbox', bbox: [1, 2, 3, 4] }, attributes: { occluded: true, color: 'red' } }], new ReportCollector());
    expect(out).toContain('<filename>a&amp;b.jpg</filename>');
    expect(out).toContain('<name>c&lt;1&gt;</name><pose>Unspecified</pose><truncated>0</truncated><difficult>0</difficult><occluded>1</occluded><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>4</xmax><ymax>6</ymax></bndbox><attributes><attribute><name>color</name><value>red</value></attribute></attributes>');
  });

  it('uses the devkit colour map and CVAT labelmaps', () => {
    expect([vocColor(0), vocColor(1), vocColor(15), vocColor(255)]).toEqual([[0, 0, 0], [128, 0, 0], [192, 128, 128], [224, 224, 192]]);
    expect(readLabelmap('cat:1,2,3::\nbad:x::\n')).toEqual([{ name: 'cat', color: '#010203' }, { name: 'bad', color: null }]);
  });
});
