import { describe, expect, it } from 'vitest';
import { maskToRle, rleToMask } from '../../geometry/rle';
import { ReportCollector } from '../report';
import { cvatMaskToRle, rleToCvatMask } from './mask';
import { parseCvat } from './parse';
import { cvatFooter, cvatHeader, cvatImage } from './write';

const META = `<meta><task><labels>
  <label><name>car</name><color>#fa3253</color><attributes>
    <attribute><name>color</name><mutable>False</mutable><input_type>select</input_type><default_value>red</default_value><values>red
blue</values></attribute>
    <attribute><name>parked</name><input_type>checkbox</input_type><default_value>false</default_value><values>false
true</values></attribute>
  </attributes></label>
  <label><name>person</name><attributes></attributes></label>
</labels></task></meta>`;

describe('CVAT for images 1.1', () => {
  it('reads label attribute specs, every shape with occluded, z_order, group, source, tags and subsets', () => {
    const xml = `<?xml version="1.0"?><annotations><version>1.1</version>${META}
<image id="0" name="dir/a.jpg" width="100" height="80" subset="train">
  <box label="car" source="auto" occluded="1" xtl="10" ytl="20" xbr="30.5" ybr="40" z_order="2" group_id="4"><attribute name="color">blue</attribute><attribute name="parked">true</attribute></box>
  <box label="car" source="manual" occluded="0" xtl="10" ytl="20" xbr="30" ybr="40" z_order="0" rotation="45.5"></box>
  <polygon label="person" source="manual" occluded="0" points="1,2;3,4;5,1" z_order="1"/>
  <polyline label="person" points="1,2;3,4" z_order="0"/>
  <points label="person" points="7,8" z_order="0"/>
  <ellipse label="person" cx="50" cy="40" rx="5" ry="5" z_order="0"/>
  <mask label="car" rle="1, 2, 3, 2" left="4" top="5" width="4" height="2" z_order="0"/>
  <tag label="person" source="manual"/>
</image></annotations>`;
    const { dataset, rejected } = parseCvat(xml, 'annotations.xml');
    expect(rejected).toEqual([]);
    expect(dataset.classes).toEqual([{ name: 'car', color: '#fa3253' }, { name: 'person', color: null }]);
    expect(dataset.attributes).toEqual([{ name: 'color', type: 'select', options: ['red', 'blue'], default: 'red' }, { name: 'parked', type: 'boolean', default: false }]);
    expect(dataset.images).toMatchObject([{ file: 'dir/a.jpg', width: 100, height: 80, split: 'train', classes: ['person'] }]);
    const [box] = dataset.annotations;
    expect(box).toMatchObject({ geometry: { type: 'bbox', bbox: [10, 20, 20.5, 20] }, attributes: { color: 'blue', parked: 'true', occluded: true, group_id: 4 }, z_order: 2, source: 'model' });
    expect(dataset.annotations.map((a) => a.geometry.type).sort()).toEqual(['bbox', 'circle', 'mask', 'points', 'polygon', 'polyline', 'rotated_bbox']);
    const mask = dataset.annotations.find((a) => a.geometry.type === 'mask')!.geometry as { rle: { size: [number, number]; counts: number[] } };
    const bits = rleToMask(mask.rle);
    const on = [...bits].flatMap((v, i) => (v ? [[i % 100, Math.floor(i / 100)]] : []));
    expect(on).toEqual([[5, 5], [6, 5], [6, 6], [7, 6]]);
  });

  it('rejects shapes without labels or numbers, masks outside the image, video tracks and broken XML', () => {
    const xml = `<annotations><version>1.1</version><track id="0" label="car"></track>
<image id="0" name="a.jpg" width="10" height="10">
  <box source="manual" xtl="1" ytl="1" xbr="2" ybr="2"/>
  <box label="car" xtl="1" ytl="y" xbr="2" ybr="2"/>
  <box label="car" xtl="5" ytl="1" xbr="2" ybr="2"/>
  <polygon label="car" points="1,2;3"/>
  <mask label="car" rle="3, 4" left="8" top="8" width="4" height="4"/>
  <skeleton label="car"></skeleton>
</image>
<image id="1" width="10" height="10"></image>
<image id="2" name="b.jpg" width="0" height="10"></image></annotations>`;
    const { dataset, rejected } = parseCvat(xml, 'x.xml');
    expect(dataset.annotations).toEqual([]);
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/CVAT for video tracks are not supported/),
      '<box> has no label',
      'a box needs numeric xtl, ytl, xbr, ybr',
      'box corners are reversed (5,1 – 2,2)',
      'polygon points must be "x,y;x,y;…" numbers',
      'mask box 8,8 4×4 lies outside the 10×10 image',
      'CVAT <skeleton> shapes are not supported',
      '<image> has no name',
      expect.stringMatching(/positive integers/),
    ]);
    expect(parseCvat('<annotations><image name="a.jpg"', 'cut.xml').rejected).toMatchObject([{ file: 'cut.xml', reason: expect.stringMatching(/not well-formed XML/) }]);
  });

  it('round-trips masks through its bounding-box run lengths', () => {
    const bits = new Uint8Array(12 * 9);
    for (const [x, y] of [[3, 2], [4, 2], [4, 3], [8, 7]]) bits[y * 12 + x] = 1;
    const rle = maskToRle(bits, 12, 9);
    const cvat = rleToCvatMask(rle)!;
    expect(cvat).toMatchObject({ left: 3, top: 2, width: 6, height: 6 });
    expect(cvatMaskToRle(cvat, 12, 9)).toEqual(rle);
  });

  it('writes attributes of the schema on every label and escapes values', () => {
    const report = new ReportCollector();
    const xml =
      cvatHeader({ classes: [{ name: 'a"b', id: 0, color: '#123456' }], attributes: [{ name: 'parked', type: 'boolean' }], meta: {} }, 'task', 1) +
      cvatImage(0, { file: 'x.jpg', width: 10, height: 10, classes: ['a"b'] }, [{ image: 'x.jpg', label: 'a"b', geometry: { type: 'line', p1: [1, 1], p2: [2, 2], width: 1 }, attributes: { parked: true, note: '<&>' } }], report) +
      cvatFooter();
    const back = parseCvat(xml, 'annotations.xml');
    expect(back.rejected).toEqual([]);
    expect(back.dataset.attributes).toEqual([{ name: 'parked', type: 'boolean', default: false }]);
    expect(back.dataset.annotations[0]).toMatchObject({ label: 'a"b', geometry: { type: 'polyline', points: [[1, 1], [2, 2]] }, attributes: { parked: 'true', note: '<&>' } });
    expect(back.dataset.images[0].classes).toEqual(['a"b']);
    expect(report.warnings.map((w) => w.code)).toEqual(['line-converted']);
  });
});
