// The Chinese line readers of the extract stage, case by case: bylines, trailer lines, title
// suffixes, split dates, and which text counts as Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrailerText } from './chinese-clutter.ts';
import { addScriptCounts, isChineseCounts } from './chinese-text.ts';
import { chineseAuthorIn, chineseEditorIn, parseCjkDate, stripTitleSuffix } from './metadata.ts';

const AUTHORS: Array<[string, string, string | null]> = [
  ['labelled, then a source', '作者：张三 来源：新华社', '张三'],
  ['after a date on the same line', '2022年02月02日 10:38　来源：新华社　作者：张三', '张三'],
  ['文｜ with the outlet', '文｜财新 王婧2022年01月04日 09:15', '财新 王婧'],
  ['本报记者 on a line of its own', '本报记者　李心萍', '李心萍'],
  ['an outlet before 记者', '澎湃新闻记者 周然', '周然'],
  ['dateline in parentheses, two reporters', '新华社海南文昌9月20日电（记者 李国利 黄一宸）9月20日15时10分', '李国利 黄一宸'],
  ['traditional, 〔記者…／…報導〕', '〔記者王大明／台北報導〕台灣高鐵公司昨天宣布', '王大明'],
  ['记者 starting a sentence is no byline', '记者从国铁集团获悉，当天全国铁路预计发送旅客1020万人次。', null],
  ['原文 is no 文｜ label', '原文：https://example.com/a', null],
  ['an editor is not an author', '责任编辑：王五', null],
];
for (const [name, text, want] of AUTHORS) {
  test(`chineseAuthorIn: ${name}`, () => assert.equal(chineseAuthorIn(text), want));
}

test('chineseEditorIn: the editor of an editor line', () => {
  assert.equal(chineseEditorIn('[责任编辑：张旭 PN094]'), '张旭');
  assert.equal(chineseEditorIn('作者：张三'), null);
});

const TRAILERS: Array<[string, string, boolean]> = [
  ['editor with a code', '责任编辑：张迪 SN242', true],
  ['bracketed editor', '[责任编辑:肖春芳]', true],
  ['two editors with a separator', '责任编辑：杨小舟 | 版面编辑：刘珊', true],
  ['correction link and editor', '【纠错】【责任编辑:王萌】', true],
  ['source, author and editor (163)', '本文来源：新华网 作者：李国利 责任编辑：王晓易_NE0011', true],
  ['empty editor (sohu)', '责任编辑：', true],
  ['platform statement', '声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。', true],
  ['back-to-portal link', '返回搜狐，查看更多', true],
  ['print and close links', '【打印本页】 【关闭窗口】', true],
  ['the info line under the headline is not a trailer', '2022年02月02日 10:38　来源：新华社　作者：张三', false],
  ['a sentence that mentions an editor', '编辑部表示，相关稿件将于下周刊发。', false],
  ['a paragraph', '国家统计局16日发布数据显示，2022年1月份，全国居民消费价格同比上涨0.9%。', false],
];
for (const [name, text, want] of TRAILERS) {
  test(`isTrailerText: ${name}`, () => assert.equal(isTrailerText(text), want));
}

const TITLES: Array<[string, string, string | null, string]> = [
  ['bare hyphen before a portal', '黑龙江今冬首场冰雪节开幕 冰雕作品吸引游客-中新网', null, '黑龙江今冬首场冰雪节开幕 冰雕作品吸引游客'],
  ['double hyphens and a channel with ·', '让更多农民工在城市安居乐业--社会·法治--人民网', null, '让更多农民工在城市安居乐业'],
  ['traditional portal word', '高鐵票價明年不調漲 離峰優惠擴大 - 自由時報電子報', null, '高鐵票價明年不調漲 離峰優惠擴大'],
  ['Han portal with an English brand', '上海今年将新增3000个公共充电桩_上海_澎湃新闻-The Paper', null, '上海今年将新增3000个公共充电桩'],
  ['keywords joined by | before the portal', '三星堆遗址新发现6座祭祀坑|三星堆|遗址|文物_新浪新闻', null, '三星堆遗址新发现6座祭祀坑'],
  ['a bare hyphen inside a headline stays', '新冠-19疫苗研发进展', null, '新冠-19疫苗研发进展'],
  ['a bare hyphen before a non-portal stays', '中美关系-新时代的挑战', null, '中美关系-新时代的挑战'],
];
for (const [name, title, site, want] of TITLES) {
  test(`stripTitleSuffix: ${name}`, () => assert.equal(stripTitleSuffix(title, site), want));
}

test('parseCjkDate: news.cn splits year, month/day and time over spans', () => {
  assert.equal(parseCjkDate(' 2023 05/20 16:22:41'), '2023-05-20T08:22:41Z');
  assert.equal(parseCjkDate('2021年05月06日08:30 | 来源：人民网'), '2021-05-06T00:30:00Z');
});

test('isChineseCounts: Chinese pages, not Japanese ones nor English pages with a few Han characters', () => {
  const isChineseText = (text: string): boolean => {
    const counts = { han: 0, kana: 0, latin: 0 };
    addScriptCounts(counts, text);
    return isChineseCounts(counts);
  };
  assert.ok(isChineseText('国家统计局16日发布数据显示，2022年1月份，全国居民消费价格同比上涨0.9%，涨幅比上月回落0.6个百分点。其中，城市上涨1.0%，农村上涨0.5%。'));
  assert.ok(isChineseText('台灣高鐵公司昨天宣布，明年全年票價維持不變，同時擴大離峰時段優惠，部分班次最低可享六五折。高鐵公司表示，受到景氣影響。'));
  assert.ok(!isChineseText('トレンドマイクロは、公衆無線LANを安全に使うためのアプリを発表した。無料で利用できる期間は三十日間で、その後は有料となる。'));
  assert.ok(!isChineseText(`${'The quick brown fox jumps over the lazy dog. '.repeat(40)}北京上海广州深圳天津重庆成都武汉南京西安杭州苏州长沙郑州青岛沈阳大连厦门宁波无锡合肥福州济南昆明哈尔滨`));
});
